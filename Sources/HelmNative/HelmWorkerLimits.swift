#if canImport(Glibc)
import Glibc
#endif

/// Bounds the process that runs the library: a chart's templates can loop and allocate
/// without end (`range until`, doubling strings), and Go's runtime, out of address space,
/// ends the process — the worker, never Flotilla.
public enum HelmWorkerLimits {
    /// The default address-space bound: 2 GiB (Go's runtime and the library need ~300 MB).
    public static let defaultMemoryBytes = 2 << 30

    /// Limits this process's address space to `bytes`; false when the system refused.
    @discardableResult
    public static func limitMemory(to bytes: Int) -> Bool {
        var limit = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
        return setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0
    }
}
