// zlib, for reading PNG screenshots in tests (FleetTesting.PNGImage).
#include <zlib.h>
