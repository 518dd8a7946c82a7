import ArgumentParser
import HelmNative

/// What both Helm worker commands (`helm-render`, `helm-pull`) are given: the library to load
/// and the memory bound they put on themselves first.
struct HelmWorkerOptions: ParsableArguments {
    @Option(help: "The Helm library (libhelm_c.so).")
    var library: String

    @Option(help: "The address-space bound in bytes.")
    var memoryLimit = HelmWorkerLimits.defaultMemoryBytes
}
