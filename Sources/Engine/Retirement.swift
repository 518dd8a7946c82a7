import FleetModel
import Reconcile

/// A target recorded on a cluster that the fleet files no longer generate.
public struct VanishedTarget: Sendable, Equatable {
    /// The Application.
    public var application: String
    /// Its cluster.
    public var cluster: String
    /// The ApplicationSet that generated it, if any.
    public var applicationSet: String?
    /// The revision last synced (or compared) there.
    public var revision: String?
    /// For a child Application (app of apps), its parent target, `app@cluster`.
    public var parent: String?
    /// For a child Application, whether it carried Argo CD's resources finalizer.
    public var finalizesResources: Bool

    /// A vanished target.
    public init(
        application: String, cluster: String, applicationSet: String?, revision: String? = nil,
        parent: String? = nil, finalizesResources: Bool = false
    ) {
        self.application = application
        self.cluster = cluster
        self.applicationSet = applicationSet
        self.revision = revision
        self.parent = parent
        self.finalizesResources = finalizesResources
    }

    /// `app@cluster`.
    public var id: String { "\(application)@\(cluster)" }
}

/// What an ApplicationSet's `syncPolicy` says about Applications it stops generating, and
/// how many it generates now.
public struct DeletionPolicy: Sendable, Equatable {
    /// `create-only`, `create-update`, `create-delete` or `sync`; nil when not set.
    public var applicationsSync: String?
    /// Keep an Application's objects when the Application goes.
    public var preserveResourcesOnDeletion: Bool
    /// Applications the set generates in this run.
    public var generated: Int

    /// The policy of an ApplicationSet's `spec.syncPolicy`.
    public init(syncPolicy: JSONValue?, generated: Int) {
        applicationsSync = syncPolicy?["applicationsSync"]?.stringValue
        preserveResourcesOnDeletion = syncPolicy?["preserveResourcesOnDeletion"]?.boolValue ?? false
        self.generated = generated
    }
}

/// What this run knows that decides the fate of vanished targets.
public struct RetirementContext: Sendable {
    /// Each ApplicationSet of the fleet files, by name.
    public var policies: [String: DeletionPolicy]
    /// Every Application generated in this run, with its cluster.
    public var generated: [String: String]
    /// The clusters in the registry.
    public var registeredClusters: Set<String>
    /// The targets of this run that prune (`automated.prune`, or the run's `--prune`): the
    /// parents whose vanished children's objects may go.
    public var pruningParents: Set<String>

    /// A context.
    public init(
        policies: [String: DeletionPolicy], generated: [String: String], registeredClusters: Set<String>,
        pruningParents: Set<String> = []
    ) {
        self.policies = policies
        self.generated = generated
        self.registeredClusters = registeredClusters
        self.pruningParents = pruningParents
    }
}

/// What becomes of a vanished target.
public enum RetirementDecision: Sendable, Equatable {
    /// Delete the objects it owns, then forget it.
    case delete
    /// Forget it; its objects stay on the cluster (why).
    case forget(String)

    /// Deletion only when everything agrees: the cluster is still registered, no Application
    /// of that name is generated any more (one that moved to another cluster leaves its
    /// objects behind, as in Argo CD — and a second registry name for the same API server
    /// must not delete what was just applied through the first), it came from an
    /// ApplicationSet still in the fleet files, that set generated at least one Application in
    /// this run (an empty result is more likely a mistake than an intent), its
    /// `applicationsSync` is `create-delete` or `sync` (not set means no deletion), and it
    /// does not preserve resources. A generator error fails the run before any of this is asked.
    /// A child Application (app of apps) goes with its objects when it carried the resources
    /// finalizer and its parent prunes, as in Argo CD.
    public static func of(_ target: VanishedTarget, in context: RetirementContext) -> RetirementDecision {
        guard context.registeredClusters.contains(target.cluster) else {
            return .forget("cluster \(target.cluster) is no longer registered; nothing on it was touched")
        }
        if let cluster = context.generated[target.application] {
            return .forget(
                "Application \(target.application) is now generated for cluster \(cluster); "
                    + "its objects on \(target.cluster) stay")
        }
        if let parent = target.parent {
            // Argo CD: a parent that prunes deletes the child Application; the child's
            // resources finalizer then deletes its objects.
            guard target.finalizesResources else {
                return .forget(
                    "its parent \(parent) no longer renders it; without the resources finalizer its objects stay")
            }
            guard context.pruningParents.contains(parent) else {
                return .forget("its parent \(parent) no longer renders it and does not prune; its objects stay")
            }
            return .delete
        }
        guard let set = target.applicationSet else {
            return .forget("it was a plain Application; its objects stay")
        }
        guard let policy = context.policies[set] else {
            return .forget("its ApplicationSet \(set) is no longer in the fleet files; its objects stay")
        }
        guard policy.generated > 0 else {
            return .forget("ApplicationSet \(set) generated no Applications; an empty result deletes nothing")
        }
        guard let sync = policy.applicationsSync, ["create-delete", "sync"].contains(sync) else {
            let setting = policy.applicationsSync.map { "applicationsSync: \($0)" } ?? "applicationsSync is not set"
            return .forget("ApplicationSet \(set): \(setting), so deletion is not allowed; its objects stay")
        }
        if policy.preserveResourcesOnDeletion {
            return .forget("ApplicationSet \(set) sets preserveResourcesOnDeletion; its objects stay")
        }
        return .delete
    }
}

/// What deleting a vanished target did.
public struct RetirementReport: Sendable {
    /// The target.
    public var target: VanishedTarget
    /// Each owned object's fate.
    public var outcomes: [ObjectOutcome]
    /// Why the deletion did not finish, or empty.
    public var error: String
}

extension Engine {
    /// Deletes the objects of `targets` from their clusters: clusters at once (up to the
    /// concurrency bound), one client per cluster (its request budget and discovery shared),
    /// a cluster's targets one after another, each under the per-target deadline.
    public func retire(_ targets: [VanishedTarget]) async -> [RetirementReport] {
        let byCluster = Dictionary(grouping: targets, by: \.cluster).sorted { $0.key < $1.key }.map(\.value)
        let engine = self
        return await byCluster.concurrentMap(limit: concurrency) { await engine.retire(onOneCluster: $0) }.flatMap {
            $0
        }
    }

    private func retire(onOneCluster targets: [VanishedTarget]) async -> [RetirementReport] {
        guard let cluster = targets.first?.cluster else { return [] }
        let reconciler: Reconciler
        do {
            reconciler = Reconciler(api: try client(cluster), renderer: renderer)
        } catch {
            return targets.map { RetirementReport(target: $0, outcomes: [], error: "cluster \"\(cluster)\": \(error)") }
        }
        var reports: [RetirementReport] = []
        for target in targets {
            reports.append(
                await withDeadline(deadline, on: clock) {
                    do {
                        let outcomes = try await reconciler.deleteApplication(target.application)
                        let failed = outcomes.filter { $0.result == .failed }.count
                        return RetirementReport(
                            target: target, outcomes: outcomes,
                            error: failed == 0 ? "" : "\(failed) object(s) could not be deleted")
                    } catch {
                        return RetirementReport(target: target, outcomes: [], error: "\(error)")
                    }
                } stopped: { why in
                    RetirementReport(target: target, outcomes: [], error: why)
                })
        }
        return reports
    }
}
