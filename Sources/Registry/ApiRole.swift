/// What an API token may do, each role including the ones below it: a `viewer` reads, an
/// `operator` also syncs, refreshes and rolls back, an `admin` also manages tokens.
public enum ApiRole: String, Sendable, Codable, CaseIterable, Comparable {
    /// Reads the fleet.
    case viewer
    /// Also syncs, refreshes and rolls back.
    case `operator`
    /// Also manages tokens.
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    public static func < (lhs: ApiRole, rhs: ApiRole) -> Bool { lhs.rank < rhs.rank }
}
