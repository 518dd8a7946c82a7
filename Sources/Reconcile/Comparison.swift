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
    /// Its Application's AppProject does not permit it (its kind, or its namespace): never
    /// written nor deleted, and a sync fails on it while the rest is applied; `reason` names
    /// the project and the rule.
    case forbidden
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
    /// The Argo CD Applications and ApplicationSets the source rendered (see `ChildApplications`).
    public var children: [Manifest] = []

    /// `Synced` when every object could be compared and nothing is to create, update or delete.
    public var isSynced: Bool { !changes.contains { ObjectAction.notSynced.contains($0.action) } }

    /// The objects a sync would write or delete (refused ones included: a sync tries them).
    public var outOfSync: [ObjectChange] {
        changes.filter { [.create, .update, .delete, .refused, .claimed, .forbidden].contains($0.action) }
    }

    /// Objects whose comparison could not be made: their state is unknown.
    public var unknown: [ObjectChange] { changes.filter { $0.action == .unknown } }

    /// Objects the server refuses in Git's version, and objects that are not this Application's to write.
    public var refused: [ObjectChange] {
        changes.filter { [.refused, .claimed, .forbidden].contains($0.action) }
    }

    /// Objects the Application's project does not permit.
    public var forbidden: [ObjectChange] { changes.filter { $0.action == .forbidden } }

    /// This comparison with every object (hooks included) that `refusal` refuses marked
    /// `forbidden`, with its reason: a forbidden hook never runs.
    public func forbidding(_ refusal: (ResourceKey, JSONValue?, ResourceType?) -> String?) -> Comparison {
        var result = self
        result.changes = changes.map { change in
            guard let reason = refusal(change.key, change.desired ?? change.live, change.type) else { return change }
            var forbidden = change
            forbidden.action = .forbidden
            forbidden.reason = reason
            return forbidden
        }
        result.hooks = []
        for hook in hooks {
            let key = ResourceKey(hook)
            if let reason = refusal(key, hook, nil) {
                result.changes.append(ObjectChange(key: key, action: .forbidden, reason: reason, desired: hook))
            } else {
                result.hooks.append(hook)
            }
        }
        result.changes.sort { $0.key < $1.key }
        return result
    }

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
    static let notSynced: Set<ObjectAction> = [.create, .update, .delete, .refused, .claimed, .unknown, .forbidden]
}

extension ObjectChange {
    /// `Deployment/prod/web: cannot be applied: <the server's message>`, or for an object that
    /// could not be compared `Deployment/prod/web: cannot be compared: <why>`; empty otherwise.
    public var problem: String {
        switch action {
        case .refused: "\(key): cannot be applied: \(reason)"
        case .claimed: "\(key) \(reason)"
        case .forbidden: "\(key): forbidden: \(reason)"
        case .unknown: "\(key): cannot be compared: \(reason)"
        default: ""
        }
    }
}
