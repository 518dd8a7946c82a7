/// Why the controller reconciles a target now.
public enum ReconcileTrigger: String, Sendable, Equatable {
    /// The refresh cycle (every interval, or the fleet repository changed).
    case cycle
    /// A Git host said a source repository changed.
    case webhook
    /// A watch saw a tracked object change, on a `selfHeal` target: compare and sync.
    case heal
    /// A watch saw a tracked object change, on a target without `selfHeal`: compare only.
    case drift
    /// Someone asked for it (the API or the dashboard): Refresh, Sync, Rollback.
    case manual
}
