#if canImport(Glibc)
import Glibc
#endif

/// `flotilla serve` holds a connection per watched kind and cluster (HTTP/1.1): 100 clusters ×
/// 10 kinds is 1,000 sockets, past the usual soft limit of 1,024 open files with everything
/// else. The soft limit is raised to the hard one, as servers do.
enum OpenFilesLimit {
    /// Raises the soft limit to the hard limit; returns the limit in force.
    @discardableResult
    static func raise() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { return UInt64(raised.rlim_cur) }
        }
        return UInt64(limit.rlim_cur)
    }
}
