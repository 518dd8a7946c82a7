import FleetModel
import Registry

/// How one target looks in a report: its state reduced to one word and one symbol.
public enum TargetCell: String, Sendable, Comparable, CaseIterable {
    case healthy = "Healthy"
    case progressing = "Progressing"
    case outOfSync = "OutOfSync"
    case degraded = "Degraded"
    case unknown = "Unknown"

    /// The cell of a recorded target: unknown states first, then health, then sync. A
    /// message on an OutOfSync target (a sync that failed, an object the server refuses)
    /// leaves it OutOfSync (or Degraded), as Argo CD shows it; a message on a target that
    /// says it is Synced (a deletion that failed) makes it unknown.
    public init(_ state: TargetState) {
        if state.syncStatus == .unknown || state.health == .unknown
            || (!state.message.isEmpty && state.syncStatus != .outOfSync)
        {
            self = .unknown
        } else if [.degraded, .missing].contains(state.health) {
            self = .degraded
        } else if state.syncStatus != .synced {
            self = .outOfSync
        } else if [.progressing, .suspended].contains(state.health) {
            self = .progressing
        } else {
            self = .healthy
        }
    }

    /// ✓ healthy, ~ progressing, ! out of sync, ✗ degraded, ? unknown.
    public var symbol: String {
        switch self {
        case .healthy: "✓"
        case .progressing: "~"
        case .outOfSync: "!"
        case .degraded: "✗"
        case .unknown: "?"
        }
    }

    /// The ANSI colour of the symbol on a terminal.
    var colour: String {
        switch self {
        case .healthy: "\u{1B}[32m"
        case .progressing, .outOfSync: "\u{1B}[33m"
        case .degraded, .unknown: "\u{1B}[31m"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: TargetCell, rhs: TargetCell) -> Bool { lhs.rank < rhs.rank }
}
