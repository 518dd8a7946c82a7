/// Lets the next target of a lane start once the current one has done its writes: `open()`
/// (any number of times, from anywhere) releases every `wait()`, which also returns when the
/// waiting task is cancelled.
struct Turnstile: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    func open() { continuation.finish() }

    func wait() async {
        for await _ in stream {}
    }
}
