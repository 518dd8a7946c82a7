/// A change of a target worth telling someone about (Argo CD notifications' trigger names).
public enum NotificationTrigger: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A sync ran and succeeded.
    case syncSucceeded = "on-sync-succeeded"
    /// A sync ran and failed.
    case syncFailed = "on-sync-failed"
    /// The target's health turned Degraded.
    case healthDegraded = "on-health-degraded"
    /// The target is Synced and Healthy at a revision a sync brought and not yet announced.
    case deployed = "on-deployed"
    /// The target turned OutOfSync.
    case outOfSync = "on-out-of-sync"

    public var description: String { rawValue }
}

/// A field of a target a notification template may use as `<<field>>`.
public enum NotificationField: String, Sendable, Hashable, CaseIterable {
    /// The Application's name.
    case application
    /// The cluster's name.
    case cluster
    /// The Application's project.
    case project
    /// The ApplicationSet that generated the Application (empty for a plain Application).
    case applicationSet
    /// `Synced`, `OutOfSync` or `Unknown`.
    case syncStatus
    /// The health status.
    case health
    /// What the health assessment says.
    case healthMessage
    /// The Git commit compared or synced.
    case revision
    /// The error or the sync's message.
    case message
    /// The trigger's name (`on-deployed`, …).
    case trigger
    /// When the change was seen (RFC 3339, UTC).
    case time
}
