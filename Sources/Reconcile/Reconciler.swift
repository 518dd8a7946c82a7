import FleetModel
import KubeClient

/// One target, start to end: render the Application's source, compare it with the
/// cluster, and sync when asked (or when its automated policy says so).
public struct Reconciler: Sendable {
    let api: any KubeAPI
    let renderer: SourceRenderer
    let sleeper: any Sleeper

    /// A reconciler for the cluster `api` reaches, rendering through `renderer`.
    public init(api: any KubeAPI, renderer: SourceRenderer, sleeper: any Sleeper = ContinuousSleeper()) {
        self.api = api
        self.renderer = renderer
        self.sleeper = sleeper
    }

    /// Renders `application` (a relative local `repoURL` is taken from `baseDirectory`) and compares it
    /// (Argo CD Applications and ApplicationSets among its manifests are its children, not compared);
    /// `tracked` is the cluster's tracked objects when the caller listed them already;
    /// `showsCreates: false` when only a sync reads the comparison (see `Differ`).
    public func compare(
        _ application: Application, baseDirectory: String?, tracked: TrackedObjects? = nil, showsCreates: Bool = true
    ) async throws(ReconcileError) -> Comparison {
        let rendered = try await renderSources(of: application, baseDirectory: baseDirectory)
        let (objects, children) = ChildApplications.split(rendered.manifests)
        let manifests = try KustomizeReplicas(application: application.document).applied(to: objects)
        let differ = Differ(
            api: api, application: application.name, destinationNamespace: application.destination.namespace,
            rules: try IgnoreRule.rules(of: application.document), tracked: tracked, showsCreates: showsCreates,
            adoptsExisting: SyncOptions(application.syncPolicy?.syncOptions ?? []).isTrue(Ownership.adoptOption))
        var comparison = try await differ.compare(manifests, revision: rendered.revision)
        comparison.children = children
        return comparison
    }

    /// Syncs a comparison of `application`; `prune` overrides the policy's `automated.prune`.
    /// `whenApplied` is called once the writes are done and only health waits remain; the
    /// waits read objects through `reads` when given (see `ListedReads`).
    public func sync(
        _ application: Application, _ comparison: Comparison, prune: Bool? = nil,
        healthTimeout: Duration = .seconds(120), whenApplied: @escaping @Sendable () -> Void = {},
        reads: ListedReads? = nil
    ) async throws(ReconcileError) -> SyncResult {
        let policy = application.syncPolicy
        let settings = SyncSettings(
            prune: prune ?? policy?.automated?.prune ?? false, allowEmpty: policy?.automated?.allowEmpty ?? false,
            options: SyncOptions(policy?.syncOptions ?? []), retry: try RetryPolicy(policy?.retry),
            healthTimeout: healthTimeout, whenApplied: whenApplied, reads: reads)
        return await Syncer(api: api, destinationNamespace: application.destination.namespace, sleeper: sleeper)
            .sync(comparison, settings: settings)
    }

    /// What an automated reconcile decided and did.
    public struct Outcome: Sendable {
        /// Git against the cluster, before any sync.
        public var comparison: Comparison
        /// The sync, when one ran.
        public var sync: SyncResult?
        /// Why no sync ran, when none did.
        public var reason: String
    }

    /// Compares, then syncs as the automated policy allows: a new revision is always synced;
    /// drift at an already synced revision only with `selfHeal: true`.
    public func reconcile(
        _ application: Application, baseDirectory: String?, lastSyncedRevision: String?
    ) async throws(ReconcileError) -> Outcome {
        let comparison = try await compare(application, baseDirectory: baseDirectory)
        guard !comparison.isSynced else { return Outcome(comparison: comparison, sync: nil, reason: "Synced") }
        guard let automated = application.syncPolicy?.automated else {
            return Outcome(comparison: comparison, sync: nil, reason: "OutOfSync; no automated sync policy")
        }
        let newRevision = lastSyncedRevision == nil || comparison.revision != lastSyncedRevision
        guard newRevision || automated.selfHeal else {
            return Outcome(comparison: comparison, sync: nil, reason: "OutOfSync by drift; selfHeal is off")
        }
        return Outcome(comparison: comparison, sync: try await sync(application, comparison), reason: "")
    }
}
