/// Whether the live state matches Git, as Argo CD says it.
public enum SyncStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Every object Git has is live as Git says, and nothing tracked is extra.
    case synced = "Synced"
    /// Something differs: missing, extra or changed objects.
    case outOfSync = "OutOfSync"
    /// The comparison could not be made (unreachable cluster, unknown kinds, …).
    case unknown = "Unknown"

    /// `Synced`, `OutOfSync` or `Unknown`.
    public var description: String { rawValue }
}
