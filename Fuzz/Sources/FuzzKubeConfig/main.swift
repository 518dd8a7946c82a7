import Foundation
import FuzzSupport
import KubeConfig

/// Kubeconfigs: the input written to a file, loaded as kubectl would, every context resolved.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKubeConfig(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let path = NSTemporaryDirectory() + "flotilla-fuzz-kubeconfig-\(getpid()).yaml"
    FileManager.default.createFile(atPath: path, contents: Data(bytes: start, count: count))
    guard let config = try? KubeConfigLoader.load(explicitPath: path, environment: [:], homeDirectory: "/nonexistent")
    else { return 0 }
    for context in config.contextNames { _ = try? config.resolve(context: context) }
    _ = try? config.resolveCurrentContext()
    return 0
}

// SwiftPM gives an executable Swift's main: it hands the inputs to libFuzzer's driver.
runFuzzer(fuzzKubeConfig)
