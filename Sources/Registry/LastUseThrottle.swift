import Foundation
import Synchronization

/// When this process last recorded each token's use: `identity(presenting:now:)` writes
/// `lastUsedAt` at most once a minute per token, however many requests present it at once.
final class LastUseThrottle: Sendable {
    /// How long a recorded use stands for later ones.
    static let interval: TimeInterval = 60

    private let recorded = Mutex<[Int64: Date]>([:])

    /// Whether a use of token `id` at `now` is to be written — the first caller in an interval
    /// claims it, the others are told no.
    func claim(_ id: Int64, at now: Date) -> Bool {
        recorded.withLock { recorded in
            if let last = recorded[id], now.timeIntervalSince(last) < Self.interval, now >= last { return false }
            recorded[id] = now
            return true
        }
    }
}
