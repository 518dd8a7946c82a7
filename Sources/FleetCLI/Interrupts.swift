import Foundation
import Synchronization

/// SIGINT (Ctrl-C) and SIGTERM as an event: the first one calls the handler; after that the
/// signals' default action is back, so a second Ctrl-C stops the process at once.
final class Interrupts: Sendable {
    static let shared = Interrupts()

    private struct State {
        var sources: [any DispatchSourceSignal] = []
        var handler: (@Sendable () -> Void)?
        var fired = false
    }

    private let state = Mutex(State())

    /// Whether a signal came.
    var fired: Bool { state.withLock { $0.fired } }

    /// Calls `handler` at the first SIGINT or SIGTERM from now on.
    func listen(_ handler: @escaping @Sendable () -> Void) {
        state.withLock { state in
            state.handler = handler
            state.fired = false
            guard state.sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [weak self] in self?.fire() }
                source.resume()
                state.sources.append(source)
            }
        }
    }

    private func fire() {
        let handler = state.withLock { state in
            defer { state.handler = nil }
            state.fired = true
            Self.stop(&state)
            return state.handler
        }
        handler?()
    }

    /// Stops listening: the signals' default action is back.
    func stop() {
        state.withLock { state in
            state.handler = nil
            Self.stop(&state)
        }
    }

    private static func stop(_ state: inout State) {
        for source in state.sources { source.cancel() }
        state.sources = []
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// Runs `work` so that Ctrl-C cancels it (its requests are aborted and it returns early);
    /// its result, and whether it was interrupted.
    static func cancellable<Value: Sendable>(
        _ work: @escaping @Sendable () async -> Value
    ) async -> (value: Value, interrupted: Bool) {
        let task = Task { await work() }
        shared.listen { task.cancel() }
        let value = await task.value
        let interrupted = shared.fired
        shared.stop()
        return (value, interrupted)
    }
}
