import FleetModel
import FuzzSupport

/// JSON as API servers send it: read, and every value written back and read again the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard let value = try? JSONReader.parse(bytes) else { return 0 }
    let again = try? JSONReader.parse(JSONWriter.compact(value))
    precondition(again == value, "JSON written and read back differs")
    return 0
}

// SwiftPM gives an executable Swift's main: it hands the inputs to libFuzzer's driver.
runFuzzer(fuzzJSON)
