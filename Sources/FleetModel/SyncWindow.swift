import Foundation

/// One of an AppProject's `syncWindows`: when its Applications may (allow) or may not (deny)
/// sync, as Argo CD reads it.
public struct SyncWindow: Sendable, Hashable {
    /// `kind`: allow or deny.
    public enum Kind: String, Sendable, Hashable {
        /// Syncs may run only while some allow window is active.
        case allow
        /// No sync runs while the window is active (manual ones with `manualSync`).
        case deny
    }

    /// `kind`.
    public var kind: Kind
    /// `schedule`: when the window opens.
    public var schedule: CronSchedule
    /// `duration`: how long it stays open.
    public var duration: Duration
    /// `duration` as written (for messages).
    public var durationText: String
    /// `timeZone` (UTC when absent).
    public var timeZone: TimeZone
    /// `applications`: Application name globs.
    public var applications: [String]
    /// `namespaces`: destination namespace globs.
    public var namespaces: [String]
    /// `clusters`: destination cluster name or server globs.
    public var clusters: [String]
    /// `manualSync`: manual syncs are allowed while it blocks.
    public var manualSync: Bool
    /// `andOperator`: every non-empty selector must match, not any one.
    public var andOperator: Bool

    /// `deny 0 22 * * * for 1h (Europe/Berlin)`: how messages name the window.
    public var summary: String {
        "\(kind.rawValue) window \"\(schedule.text)\" for \(durationText)"
            + (timeZone.secondsFromGMT() == 0 && ["UTC", "GMT"].contains(timeZone.identifier)
                ? "" : " (\(timeZone.identifier))")
    }

    /// Whether the window applies to an Application of this name and destination (Argo CD's
    /// `SyncWindows.Matches`): by any selector, or with `andOperator` by every non-empty one;
    /// a window with no selector applies to nothing.
    public func applies(toApplication name: String, destination: ApplicationDestination) -> Bool {
        let byName = applications.isEmpty ? nil : applications.contains { Self.matches($0, name) }
        let byNamespace =
            namespaces.isEmpty ? nil : namespaces.contains { Self.matches($0, destination.namespace ?? "") }
        let byCluster =
            clusters.isEmpty
            ? nil
            : clusters.contains { pattern in
                (destination.name.map { !$0.isEmpty && Self.matches(pattern, $0) } ?? false)
                    || (destination.server.map { !$0.isEmpty && Self.matches(pattern, $0) } ?? false)
            }
        let verdicts = [byName, byNamespace, byCluster].compactMap { $0 }
        guard !verdicts.isEmpty else { return false }
        return andOperator ? verdicts.allSatisfy { $0 } : verdicts.contains(true)
    }

    /// Whether the window is open at `instant` (Argo CD's `active`): the schedule's first
    /// firing after `instant − duration` is before `instant`, on the wall clock of `timeZone`.
    /// The opening minute itself is not yet inside (Argo CD's strict comparison), the closing
    /// one no longer.
    public func isActive(at instant: Date) -> Bool {
        openedAt(before: instant) != nil
    }

    /// When the window open at `instant` closes; nil when it is not open.
    public func closes(openAt instant: Date) -> Date? {
        openedAt(before: instant).map { $0.addingTimeInterval(Self.seconds(duration)) }
    }

    /// The start (a real instant) of the window's occurrence covering `instant`, if any.
    private func openedAt(before instant: Date) -> Date? {
        let offset = TimeInterval(timeZone.secondsFromGMT(for: instant))
        let wall = instant.addingTimeInterval(offset)
        guard let opened = schedule.next(after: wall.addingTimeInterval(-Self.seconds(duration))), opened < wall
        else { return nil }
        return opened.addingTimeInterval(-offset)
    }

    /// When the window next opens after `instant` (a real instant); nil when never within the horizon.
    public func opens(after instant: Date) -> Date? {
        let offset = TimeInterval(timeZone.secondsFromGMT(for: instant))
        return schedule.next(after: instant.addingTimeInterval(offset))?.addingTimeInterval(-offset)
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// Argo CD's window selector match: a glob with no separators and no negation, `*` everything.
    static func matches(_ pattern: String, _ value: String) -> Bool {
        pattern == "*" || (ProjectGlob(pattern)?.matches(value) ?? false)
    }
}
