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
    /// The server refuses Git's version (invalid, immutable field, unknown field): out of
    /// sync, and a sync fails on it unless a sync option says how to get past it.
    case refused
    /// Exists but belongs to another Application (or to none, and adopting is not allowed):
    /// never written, and a sync fails on it; `reason` says whose it is.
    case claimed
    /// Could not be compared (the cluster did not answer, or answered 5xx): nobody knows
    /// whether it is in sync; `reason` says why.
    case unknown
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

    /// `Synced` when every object could be compared and nothing is to create, update or delete.
    public var isSynced: Bool { !changes.contains { ObjectAction.notSynced.contains($0.action) } }

    /// The objects a sync would write or delete (refused ones included: a sync tries them).
    public var outOfSync: [ObjectChange] {
        changes.filter { [.create, .update, .delete, .refused, .claimed].contains($0.action) }
    }

    /// Objects whose comparison could not be made: their state is unknown.
    public var unknown: [ObjectChange] { changes.filter { $0.action == .unknown } }

    /// Objects the server refuses in Git's version, and objects that are not this Application's to write.
    public var refused: [ObjectChange] { changes.filter { [.refused, .claimed].contains($0.action) } }

    /// `Unknown` when some object could not be compared, else `OutOfSync` or `Synced`.
    public var syncStatus: SyncStatus { !unknown.isEmpty ? .unknown : isSynced ? .synced : .outOfSync }

    /// Why the comparison is not simply in or out of sync: one line per object that could not
    /// be compared or that the server refuses; empty when there is none.
    public var problems: String {
        (unknown + refused).map(\.problem).joined(separator: "; ")
    }
}

extension ObjectAction {
    /// The actions that make an object not in sync.
    static let notSynced: Set<ObjectAction> = [.create, .update, .delete, .refused, .claimed, .unknown]
}

extension ObjectChange {
    /// `Deployment/prod/web: cannot be applied: <the server's message>`, or for an object that
    /// could not be compared `Deployment/prod/web: cannot be compared: <why>`; empty otherwise.
    public var problem: String {
        switch action {
        case .refused: "\(key): cannot be applied: \(reason)"
        case .claimed: "\(key) \(reason)"
        case .unknown: "\(key): cannot be compared: \(reason)"
        default: ""
        }
    }
}
