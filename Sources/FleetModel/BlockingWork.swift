import Foundation

/// Runs blocking work (a child process, a pipe read) on a thread of its own and awaits it.
///
/// Not on Swift's cooperative pool, which has a thread per core and must never block; and
/// not on Dispatch's global queue either, whose pool can run dry when many callers block
/// at once — a waiting plugin or `git` then sits queued behind others for seconds.
public enum BlockingWork {
    /// `body`'s result, computed on a new thread.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}
