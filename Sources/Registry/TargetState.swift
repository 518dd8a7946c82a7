import FleetModel
import Foundation
import GRDB

/// What Flotilla last saw and did for one Application on one cluster.
public struct TargetState: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "target"

    /// The Application.
    public var application: String
    /// The cluster.
    public var cluster: String
    /// The ApplicationSet that generated it, if any.
    public var applicationSet: String?
    /// Synced, OutOfSync or Unknown (when the cluster could not be compared).
    public var syncStatus: SyncStatus
    /// Healthy, Progressing, Degraded, Suspended, Missing or Unknown.
    public var health: HealthStatus
    /// Why, when not Healthy.
    public var healthMessage: String
    /// The commit last rendered.
    public var revision: String?
    /// The last error, or empty.
    public var message: String
    /// When it was last compared.
    public var reconciledAt: Date
    /// When it was last synced.
    public var lastSyncAt: Date?
    /// Whether that sync succeeded.
    public var lastSyncSucceeded: Bool?
    /// The revision that sync applied.
    public var lastSyncRevision: String?
    /// The last sync's per-object results, as JSON lines `{"object": …, "result": …, "message": …}`.
    public var objects: String
    /// The fleet file its Application or ApplicationSet came from (absolute); nil when recorded
    /// before Flotilla kept it.
    public var fleetFile: String?
    /// For a child Application (app of apps), its parent target, `app@cluster`; nil otherwise.
    public var parent: String?
    /// For a child Application, whether it carries Argo CD's resources finalizer: its objects
    /// are deleted when its parent stops rendering it (and prunes).
    public var finalizesResources: Bool?
    /// For a parent (app of apps), the child Application and ApplicationSet documents its
    /// last sync applied (`AcceptedChildren`'s JSON): its children follow these until a sync of
    /// the parent applies what Git renders now, as Argo CD's children follow the Application
    /// resources in the cluster. Nil when no sync applied any.
    public var acceptedChildren: String?

    /// A state.
    public init(
        application: String, cluster: String, applicationSet: String?, syncStatus: SyncStatus, health: HealthStatus,
        healthMessage: String, revision: String?, message: String, reconciledAt: Date, lastSyncAt: Date? = nil,
        lastSyncSucceeded: Bool? = nil, lastSyncRevision: String? = nil, objects: String = "[]",
        fleetFile: String? = nil, parent: String? = nil, finalizesResources: Bool? = nil,
        acceptedChildren: String? = nil
    ) {
        self.application = application
        self.cluster = cluster
        self.applicationSet = applicationSet
        self.syncStatus = syncStatus
        self.health = health
        self.healthMessage = healthMessage
        self.revision = revision
        self.message = message
        self.reconciledAt = reconciledAt
        self.lastSyncAt = lastSyncAt
        self.lastSyncSucceeded = lastSyncSucceeded
        self.lastSyncRevision = lastSyncRevision
        self.objects = objects
        self.fleetFile = fleetFile
        self.parent = parent
        self.finalizesResources = finalizesResources
        self.acceptedChildren = acceptedChildren
    }
}

/// One sync of one target.
public struct SyncHistoryEntry: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "syncHistory"

    /// Its number, growing with time.
    public var id: Int64?
    /// The Application.
    public var application: String
    /// The cluster.
    public var cluster: String
    /// The commit synced.
    public var revision: String?
    /// When it began.
    public var startedAt: Date
    /// When it ended.
    public var finishedAt: Date
    /// Whether it succeeded.
    public var succeeded: Bool
    /// Why not, when it did not.
    public var message: String
    /// Per-object results, as JSON.
    public var objects: String
    /// Who asked for it; nil for entries recorded before Flotilla kept it.
    public var initiatedBy: SyncInitiator?

    /// An entry (its `id` is assigned when recorded).
    public init(
        application: String, cluster: String, revision: String?, startedAt: Date, finishedAt: Date, succeeded: Bool,
        message: String, objects: String, initiatedBy: SyncInitiator? = nil
    ) {
        self.initiatedBy = initiatedBy
        self.application = application
        self.cluster = cluster
        self.revision = revision
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.succeeded = succeeded
        self.message = message
        self.objects = objects
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A target's new state, made from its recorded one inside the recording transaction (so
/// that concurrent writers cannot interleave between the read and the write).
public struct TargetUpdate: Sendable {
    /// The Application.
    public let application: String
    /// Its cluster.
    public let cluster: String
    /// How many history entries of the target to keep.
    public let historyLimit: Int
    /// The new state and, when the target synced, its history entry, given the recorded state.
    public let make: @Sendable (_ recorded: TargetState?) -> (state: TargetState, sync: SyncHistoryEntry?)

    /// An update of `application` on `cluster`.
    public init(
        application: String, cluster: String, historyLimit: Int = 10,
        make: @escaping @Sendable (_ recorded: TargetState?) -> (state: TargetState, sync: SyncHistoryEntry?)
    ) {
        self.application = application
        self.cluster = cluster
        self.historyLimit = historyLimit
        self.make = make
    }
}

extension TargetState {
    /// Takes the last sync from a history entry (a target recorded again after being forgotten).
    mutating func restoreLastSync(from entry: SyncHistoryEntry) {
        lastSyncAt = entry.finishedAt
        lastSyncSucceeded = entry.succeeded
        lastSyncRevision = entry.revision
        objects = entry.objects
    }
}

extension Registry {
    /// Records targets' states and, for those that synced, their history entries — all in
    /// one transaction, keeping the newest `historyLimit` entries of each target.
    public func record(_ updates: [TargetUpdate]) throws(RegistryError) {
        guard !updates.isEmpty else { return }
        try write { db in
            let recorded = try db.cachedStatement(sql: "SELECT * FROM target WHERE application = ? AND cluster = ?")
            let kept = try db.cachedStatement(
                sql: "SELECT id FROM syncHistory WHERE application = ? AND cluster = ? ORDER BY id DESC LIMIT ?")
            let trim = try db.cachedStatement(
                sql: "DELETE FROM syncHistory WHERE application = ? AND cluster = ? AND id < ?")
            for update in updates {
                let previous = try TargetState.fetchOne(recorded, arguments: [update.application, update.cluster])
                var (state, entry) = update.make(previous)
                if previous == nil, state.lastSyncAt == nil {
                    // A target forgotten and generated again: its last sync is its newest history entry.
                    let newest = try SyncHistoryEntry.filter(
                        Column("application") == state.application && Column("cluster") == state.cluster
                    ).order(Column("id").desc).fetchOne(db)
                    if let newest { state.restoreLastSync(from: newest) }
                }
                try state.save(db)
                guard var entry else { continue }
                try entry.insert(db)
                let keep = try Int64.fetchAll(
                    kept, arguments: [state.application, state.cluster, max(1, update.historyLimit)])
                if let oldestKept = keep.last {
                    try trim.execute(arguments: [state.application, state.cluster, oldestKept])
                }
            }
        }
    }

    /// Every recorded target, by Application then cluster.
    public func targets() throws(RegistryError) -> [TargetState] {
        try read { db in try TargetState.order(Column("application"), Column("cluster")).fetchAll(db) }
    }

    /// The recorded state of `application` on `cluster`, if any.
    public func target(_ application: String, on cluster: String) throws(RegistryError) -> TargetState? {
        try read { db in try TargetState.fetchOne(db, key: ["application": application, "cluster": cluster]) }
    }

    /// The sync history of `application` (on `cluster`, or every cluster), newest first.
    public func history(of application: String, cluster: String? = nil) throws(RegistryError) -> [SyncHistoryEntry] {
        try read { db in
            var request = SyncHistoryEntry.filter(Column("application") == application)
            if let cluster { request = request.filter(Column("cluster") == cluster) }
            return try request.order(Column("id").desc).fetchAll(db)
        }
    }

    /// Forgets targets that are no longer generated, each with a last history entry when
    /// given (their history stays) — all in one transaction.
    public func forget(
        _ targets: [(application: String, cluster: String, entry: SyncHistoryEntry?)]
    )
        throws(RegistryError)
    {
        guard !targets.isEmpty else { return }
        try write { db in
            for target in targets {
                try db.execute(
                    sql: "DELETE FROM target WHERE application = ? AND cluster = ?",
                    arguments: [target.application, target.cluster])
                guard var entry = target.entry else { continue }
                try entry.insert(db)
            }
        }
    }
}
