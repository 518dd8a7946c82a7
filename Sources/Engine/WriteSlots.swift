import Synchronization

/// How many of a cluster's targets write at once: `take()` waits for a free slot; each taker
/// gives its slot back once, through `giveBack(_:)`, when it has applied its last write (its
/// wait for health then overlaps the others' writes) or when it ends, whichever comes first.
final class WriteSlots: Sendable {
    private let slots: AsyncStream<Void>
    private let freed: AsyncStream<Void>.Continuation
    private let given = Mutex<Set<Int>>([])

    /// `count` slots, all free.
    init(_ count: Int) {
        (slots, freed) = AsyncStream.makeStream(of: Void.self)
        for _ in 0..<count { freed.yield() }
    }

    /// Waits for a free slot; returns at once when the task is cancelled.
    func take() async {
        var iterator = slots.makeAsyncIterator()
        _ = await iterator.next()
    }

    /// Gives back the slot of `taker` (any number of calls, one slot).
    func giveBack(_ taker: Int) {
        guard given.withLock({ $0.insert(taker).inserted }) else { return }
        freed.yield()
    }
}
