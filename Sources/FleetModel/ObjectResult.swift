/// When a hook runs.
public enum HookPhase: String, Sendable, CaseIterable {
    case preSync = "PreSync"
    case sync = "Sync"
    case postSync = "PostSync"
    case syncFail = "SyncFail"
}

/// What a sync (or a deletion) did to one object; it prints as sync output says it.
public enum ObjectResult: Sendable, Hashable, CustomStringConvertible {
    /// Created (it was not live).
    case created
    /// Changed to Git's version.
    case configured
    /// Deleted and created again, or replaced with PUT (`Replace=true`).
    case replaced
    /// Already as Git says; nothing written.
    case unchanged
    /// Deleted because Git no longer has it.
    case pruned
    /// Left alone, with a reason.
    case skipped
    /// The write failed, with a reason.
    case failed
    /// Deleted with its Application.
    case deleted
    /// Kept when its Application was deleted (`Delete=false`, or a Namespace holding such objects).
    case kept
    /// A hook ran in `phase` and succeeded or failed.
    case hook(HookPhase, succeeded: Bool)

    /// `configured`, `PreSync hook succeeded`, …
    public var description: String {
        switch self {
        case .created: "created"
        case .configured: "configured"
        case .replaced: "replaced"
        case .unchanged: "unchanged"
        case .pruned: "pruned"
        case .skipped: "skipped"
        case .failed: "failed"
        case .deleted: "deleted"
        case .kept: "kept"
        case .hook(let phase, let succeeded): "\(phase.rawValue) hook \(succeeded ? "succeeded" : "failed")"
        }
    }
}
