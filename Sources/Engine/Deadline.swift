/// Runs `work` for at most `deadline` on `clock`: on expiry the work is cancelled (aborting
/// its requests) and `stopped("did not finish within …")` is the answer; `stopped("cancelled")`
/// when the caller is cancelled first.
func withDeadline<Result: Sendable>(
    _ deadline: Duration, on clock: any Clock<Duration>, _ work: @escaping @Sendable () async -> Result,
    stopped: @escaping @Sendable (String) -> Result
) async -> Result {
    await withTaskGroup(of: Result?.self) { group in
        group.addTask { await work() }
        group.addTask {
            try? await clock.sleep(for: deadline)
            return Task.isCancelled ? nil : stopped("did not finish within \(deadline)")
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first ?? stopped("cancelled")
    }
}
