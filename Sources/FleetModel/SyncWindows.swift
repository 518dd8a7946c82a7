import Foundation

/// The sync windows that apply to one Application, and Argo CD's verdict over them
/// (`SyncWindows.CanSync`): an active deny window blocks (a manual sync passes only when every
/// active deny window has `manualSync`); else an active allow window lets it pass; else, when
/// there are allow windows, none of them open, it is blocked (a manual sync passes when one of
/// them has `manualSync`); with no window at all, syncs run.
public struct SyncWindows: Sendable, Hashable {
    /// The windows, in the project's order.
    public var windows: [SyncWindow]

    /// These windows.
    public init(_ windows: [SyncWindow]) {
        self.windows = windows
    }

    /// Whether a sync (manual or automated) may start at `instant`.
    public func canSync(at instant: Date, manual: Bool) -> Bool {
        guard !windows.isEmpty else { return true }
        let active = windows.filter { $0.isActive(at: instant) }
        let activeDenies = active.filter { $0.kind == .deny }
        if !activeDenies.isEmpty { return manual && activeDenies.allSatisfy(\.manualSync) }
        if active.contains(where: { $0.kind == .allow }) { return true }
        let allows = windows.filter { $0.kind == .allow }
        if !allows.isEmpty { return manual && allows.contains(where: \.manualSync) }
        return true
    }

    /// Why a sync may not start at `instant`, and until when; nil when it may.
    public func block(at instant: Date, manual: Bool) -> SyncBlock? {
        guard !canSync(at: instant, manual: manual) else { return nil }
        let denies = windows.filter { $0.kind == .deny && $0.isActive(at: instant) }
        let reason =
            denies.isEmpty
            ? "no allow window is open (" + windows.filter { $0.kind == .allow }.map(\.summary).joined(separator: ", ")
                + ")"
            : "the " + denies.map(\.summary).joined(separator: ", ") + " is open"
        return SyncBlock(reason: reason, until: firstOpening(after: instant, manual: manual))
    }

    /// How many changes of state `firstOpening` follows before it gives up.
    static let searchSteps = 2000

    /// The first instant after `instant` when a sync may start, stepping from one window edge
    /// to the next (an active window's end, an allow window's start); nil when there is none
    /// within a year or `searchSteps` edges (a deny window that never closes).
    private func firstOpening(after instant: Date, manual: Bool) -> Date? {
        let horizon = instant.addingTimeInterval(366 * 24 * 3600)
        var current = instant
        for _ in 0..<Self.searchSteps {
            let edges =
                windows.compactMap { $0.closes(openAt: current) }
                + windows.filter { $0.kind == .allow }.compactMap { $0.opens(after: current) }
            // Edges land on a closing or opening minute; Argo CD counts the window open only
            // strictly after its start, so step one second past an opening.
            guard let next = edges.filter({ $0 > current }).min(), next <= horizon else { return nil }
            current = next
            if canSync(at: current, manual: manual) { return current }
            let justAfter = current.addingTimeInterval(1)
            if canSync(at: justAfter, manual: manual) { return justAfter }
        }
        return nil
    }
}

/// Why a sync window blocks a sync, and until when.
public struct SyncBlock: Sendable, Hashable, CustomStringConvertible {
    /// Which windows block, e.g. `the deny window "0 22 * * *" for 1h is open`.
    public var reason: String
    /// When syncs may start again; nil when not within a year.
    public var until: Date?

    /// `the deny window "0 22 * * *" for 1h is open until 2026-12-05T23:00:00Z`.
    public var description: String {
        guard let until else { return reason + ", with no end in sight" }
        return reason + " until " + ISO8601DateFormatter().string(from: until)
    }
}
