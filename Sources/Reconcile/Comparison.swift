import FleetModel
import KubeClient

/// What a sync would do to one object.
public enum ObjectAction: String, Sendable, Equatable {
    /// Missing from the cluster.
    case create
    /// Differs from Git.
    case update
    /// Tracked, but no longer in Git: pruned when pruning is on.
    case delete
    /// Matches Git.
    case unchanged
    /// Left alone; `reason` says why.
    case skipped
}

/// One object's part in a comparison of Git and the cluster.
public struct ObjectChange: Sendable, Equatable {
    /// The object.
    public var key: ResourceKey
    /// What a sync does with it.
    public var action: ObjectAction
    /// Why, for skipped objects and deletions held back.
    public var reason: String
    /// The unified YAML diff from live to desired (Secret values masked); empty when none.
    public var diff: String
    /// The object as Git wants it, with tracking marks; nil for deletions.
    public var desired: JSONValue?
    /// The object in the cluster, when it exists.
    public var live: JSONValue?
    /// Its resource type, when the cluster serves it (or will, once its CRD is applied).
    public var type: ResourceType?

    /// A change.
    public init(
        key: ResourceKey, action: ObjectAction, reason: String = "", diff: String = "", desired: JSONValue? = nil,
        live: JSONValue? = nil, type: ResourceType? = nil
    ) {
        self.key = key
        self.action = action
        self.reason = reason
        self.diff = diff
        self.desired = desired
        self.live = live
        self.type = type
    }
}

/// Git compared with one cluster for one Application.
public struct Comparison: Sendable, Equatable {
    /// Every desired and every tracked object, sorted by key.
    public var changes: [ObjectChange]
    /// Hook objects (`argocd.argoproj.io/hook`), which run at sync time and are not compared.
    public var hooks: [JSONValue]
    /// The commit rendered; nil for a plain folder.
    public var revision: String?

    /// `Synced` when nothing is to create, update or delete.
    public var isSynced: Bool { !changes.contains { [.create, .update, .delete].contains($0.action) } }

    /// The objects a sync would write or delete.
    public var outOfSync: [ObjectChange] { changes.filter { [.create, .update, .delete].contains($0.action) } }
}
