import Foundation
import GRDB

/// Where one ApplicationSet's progressive rollout stands: what is being rolled out, from
/// which revision that was healthy everywhere, at which step, and why it stopped.
///
/// An ApplicationSet's targets may be at different commits (one repository per Application,
/// a branch per cluster): `revisions` and `lastHealthyRevisions` keep each target's own
/// commit by `app@cluster`; `revision` and `lastHealthyRevision` are the commit when every
/// target agrees (for display). An empty map (a record written before per-target
/// revisions) means the single value for every target: `revision(of:)` reads either.
public struct RolloutRecord: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "rollout"

    /// Where a rollout is.
    public enum State: String, Sendable, Codable, CaseIterable {
        /// A step is being synced or waited on.
        case progressing
        /// A step is Healthy and baking (`pauseAfter`) before the next one opens.
        case paused
        /// A target failed or turned Degraded: later steps keep the old revision.
        case halted
        /// Every step is Synced and Healthy.
        case completed
        /// Aborted: the touched targets went back to `lastHealthyRevision`.
        case aborted

        /// Whether the rollout still has work to do (its later steps are gated).
        public var isActive: Bool { self == .progressing || self == .paused || self == .halted }
    }

    /// The ApplicationSet.
    public var applicationSet: String
    /// The commit rolled out when every target agrees (nil: plain folders, or targets at
    /// different commits — see `revisions`).
    public var revision: String?
    /// The commit each target (`app@cluster`) is taken to; empty: `revision` for every target.
    public var revisions: [String: String]
    /// The digest of the generated Applications and their targets: a template change is a new rollout too.
    public var digest: String
    /// The last revision that was Synced and Healthy on every target, when they agree.
    public var lastHealthyRevision: String?
    /// The commit each target was last Synced and Healthy at before this rollout (what `abort`
    /// takes it back to); empty: `lastHealthyRevision` for every target.
    public var lastHealthyRevisions: [String: String]
    /// The current step (0-based).
    public var step: Int
    /// How many steps the plan has.
    public var stepCount: Int
    /// Where it stands.
    public var state: State
    /// The target (`app@cluster`) that halted it.
    public var haltedTarget: String?
    /// Why it halted.
    public var haltReason: String?
    /// When it began.
    public var startedAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// When a `paused` rollout's bake time ends.
    public var pausedUntil: Date?

    /// A record.
    public init(
        applicationSet: String, revision: String?, revisions: [String: String] = [:], digest: String,
        lastHealthyRevision: String?, lastHealthyRevisions: [String: String] = [:], step: Int, stepCount: Int,
        state: State, haltedTarget: String? = nil, haltReason: String? = nil, startedAt: Date, updatedAt: Date,
        pausedUntil: Date? = nil
    ) {
        self.applicationSet = applicationSet
        self.revision = revision
        self.revisions = revisions
        self.digest = digest
        self.lastHealthyRevision = lastHealthyRevision
        self.lastHealthyRevisions = lastHealthyRevisions
        self.step = step
        self.stepCount = stepCount
        self.state = state
        self.haltedTarget = haltedTarget
        self.haltReason = haltReason
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.pausedUntil = pausedUntil
    }
}

extension Registry {
    /// The rollout recorded for `applicationSet`, if any.
    public func rollout(of applicationSet: String) throws(RegistryError) -> RolloutRecord? {
        try read { db in try RolloutRecord.fetchOne(db, key: applicationSet) }
    }

    /// Every recorded rollout, by ApplicationSet.
    public func rollouts() throws(RegistryError) -> [RolloutRecord] {
        try read { db in try RolloutRecord.order(Column("applicationSet")).fetchAll(db) }
    }

    /// Records `rollout`, replacing the ApplicationSet's earlier one.
    public func saveRollout(_ rollout: RolloutRecord) throws(RegistryError) {
        try write { db in try rollout.save(db) }
    }
}
