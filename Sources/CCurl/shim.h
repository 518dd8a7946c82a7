// Typed wrappers around libcurl's variadic setopt/getinfo calls, which Swift cannot call directly.
#ifndef FLOTILLA_CCURL_SHIM_H
#define FLOTILLA_CCURL_SHIM_H

#include <curl/curl.h>

static inline CURLcode flotilla_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode flotilla_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode flotilla_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode flotilla_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Hands `length` bytes at `data` to curl as a blob (certificates and keys in memory); curl copies them.
static inline CURLcode flotilla_easy_setopt_blob(CURL *handle, CURLoption option, void *data, size_t length) {
    struct curl_blob blob = {data, length, CURL_BLOB_COPY};
    return curl_easy_setopt(handle, option, &blob);
}

typedef size_t (*flotilla_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode flotilla_easy_setopt_write(CURL *handle, CURLoption option, flotilla_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode flotilla_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode flotilla_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode flotilla_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode flotilla_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

#endif
