import Foundation
import GRDB

/// A target held at the revision it was rolled back to: `flotilla serve` does not sync it
/// automatically (its status says so) until a sync of the current revision is asked for, or —
/// with `--resume-on-new-revision` — Git moves past `gitRevision`. As Argo CD, where a rollback
/// turns automated sync off.
public struct SyncHold: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "syncHold"

    /// The Application.
    public var application: String
    /// Its cluster.
    public var cluster: String
    /// The commit the target was rolled back to.
    public var rolledBackTo: String
    /// The commit Git's revision named when the rollback was made (nil: not known).
    public var gitRevision: String?
    /// When the hold began.
    public var since: Date

    /// A hold.
    public init(application: String, cluster: String, rolledBackTo: String, gitRevision: String?, since: Date) {
        self.application = application
        self.cluster = cluster
        self.rolledBackTo = rolledBackTo
        self.gitRevision = gitRevision
        self.since = since
    }

    /// `app@cluster`, as targets are named.
    public var targetID: String { "\(application)@\(cluster)" }
}

/// When `flotilla serve` last finished a cycle over the fleet, and which process it was.
public struct ControllerCycle: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "controllerCycle"

    /// Always 1: there is one row.
    var id: Int64 = 1
    /// The process of `flotilla serve`.
    public var pid: Int32
    /// When its last cycle finished.
    public var finishedAt: Date
    /// How many targets that cycle reconciled.
    public var targets: Int

    /// A cycle's record.
    public init(pid: Int32, finishedAt: Date, targets: Int) {
        self.pid = pid
        self.finishedAt = finishedAt
        self.targets = targets
    }
}

extension Registry {
    /// Holds `hold`'s target at its rolled-back revision (replacing an earlier hold).
    public func hold(_ hold: SyncHold) throws(RegistryError) {
        try write { db in try hold.save(db) }
    }

    /// Every held target.
    public func holds() throws(RegistryError) -> [SyncHold] {
        try read { db in try SyncHold.order(Column("application"), Column("cluster")).fetchAll(db) }
    }

    /// Releases the holds of these targets (`app@cluster` pairs); releasing none is fine.
    public func release(_ targets: [(application: String, cluster: String)]) throws(RegistryError) {
        guard !targets.isEmpty else { return }
        try write { db in
            for target in targets {
                _ = try SyncHold.deleteOne(db, key: ["application": target.application, "cluster": target.cluster])
            }
        }
    }

    /// Records that `flotilla serve` finished a cycle.
    public func recordCycle(_ cycle: ControllerCycle) throws(RegistryError) {
        try write { db in try cycle.save(db) }
    }

    /// The last cycle `flotilla serve` recorded, if any.
    public func lastCycle() throws(RegistryError) -> ControllerCycle? {
        try read { db in try ControllerCycle.fetchOne(db) }
    }
}
