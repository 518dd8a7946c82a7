import FleetModel
import FuzzSupport

/// Label selectors as `-l` and fleet files write them: parsed, and matched against labels.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSelector(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let selector = try? LabelSelector(parsing: text) else { return 0 }
    _ = selector.matches(["env": "prod", "tier": "web", "": ""])
    _ = selector.matches([:])
    return 0
}

// SwiftPM gives an executable Swift's main: it hands the inputs to libFuzzer's driver.
runFuzzer(fuzzSelector)
