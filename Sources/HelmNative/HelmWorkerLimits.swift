#if canImport(Glibc)
import Glibc
#endif

/// Bounds the process that runs the library: a chart's templates can loop and allocate
/// without end (`range until`, doubling strings), and Go's runtime, out of memory, ends the
/// process — the worker, never Flotilla.
///
/// The bound is on data (`RLIMIT_DATA`: the heap and writable private mappings, what is
/// really allocated), not on address space (`RLIMIT_AS`): Go's runtime and glibc reserve far
/// more address space than they use, so an address-space bound failed small renders now and
/// then ("cannot allocate 4194304-byte block (12058624 in use)") depending on threads.
public enum HelmWorkerLimits {
    /// The default bound: 2 GiB (Go's runtime and the library need ~300 MB).
    public static let defaultMemoryBytes = 2 << 30

    /// Limits this process's data to `bytes`; false when the system refused.
    @discardableResult
    public static func limitMemory(to bytes: Int) -> Bool {
        var limit = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
        return setrlimit(__rlimit_resource_t(RLIMIT_DATA.rawValue), &limit) == 0
    }
}
