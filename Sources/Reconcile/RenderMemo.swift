/// One render at a time per repository (fetches into a mirror must not overlap).
actor RepositoryLocks {
    private var busy: [String: Task<Void, Never>] = [:]

    func serialized<T: Sendable>(
        _ key: String, _ body: @escaping @Sendable () async throws(ReconcileError) -> T
    ) async throws(ReconcileError) -> T {
        let previous = busy[key]
        let task = Task { () async -> Result<T, ReconcileError> in
            await previous?.value
            do throws(ReconcileError) {
                return .success(try await body())
            } catch {
                return .failure(error)
            }
        }
        busy[key] = Task { _ = await task.value }
        return try await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }.get()
    }
}

/// Works out each key's value once, sharing it (or its error) with every caller, including
/// those that ask while it is still being worked out. A caller that is cancelled (its
/// deadline, Ctrl-C) cancels the work — a stalled `git fetch` is killed, not waited for —
/// and a cancelled answer is forgotten, so the next caller works it out anew.
actor Memo<Value: Sendable> {
    private var answers: [String: Task<Result<Value, ReconcileError>, Never>] = [:]

    func value(
        _ key: String, _ make: @escaping @Sendable () async throws(ReconcileError) -> Value
    ) async throws(ReconcileError) -> Value {
        let answer: Task<Result<Value, ReconcileError>, Never>
        if let known = answers[key] {
            answer = known
        } else {
            answer = Task { () async -> Result<Value, ReconcileError> in
                do throws(ReconcileError) {
                    return .success(try await make())
                } catch {
                    return .failure(error)
                }
            }
            answers[key] = answer
        }
        let result = await withTaskCancellationHandler {
            await answer.value
        } onCancel: {
            answer.cancel()
        }
        if answer.isCancelled { forget(key, answer) }
        return try result.get()
    }

    private func forget(_ key: String, _ answer: Task<Result<Value, ReconcileError>, Never>) {
        if answers[key] == answer { answers[key] = nil }
    }
}
