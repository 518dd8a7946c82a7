import FleetModel
import Foundation
import Generators

/// The whole pipeline over a store: fleet files → targets (`TargetResolution`) → per-target
/// results (`Engine.run`) → recorded state and history (`TargetRecorder`) → vanished targets
/// retired (`VanishedTargets`). `flotilla sync`, `diff`, `status --refresh` and `rollback`
/// drive it once; a long-running controller drives it again and again.
public struct FleetPipeline: Sendable {
    /// Where clusters come from and results go.
    public let store: any FleetStore
    /// The targets of this run.
    public let resolution: TargetResolution

    /// The targets of the fleet files at `paths` (see `TargetResolution.resolve`) over `store`,
    /// git generators reading their repositories through `trees`.
    public static func resolve(
        paths: [String], app: String?, cluster: String?, selector: LabelSelector?, store: any FleetStore,
        trees: any RepositoryTreeReader
    ) async throws -> FleetPipeline {
        FleetPipeline(
            store: store,
            resolution: try await TargetResolution.resolve(
                paths: paths, app: app, cluster: cluster, selector: selector, store: store, trees: trees))
    }

    /// The child Applications (app of apps) its runs found.
    private let children: ChildDiscovery

    /// A pipeline over `store` for `resolution`'s targets.
    public init(store: any FleetStore, resolution: TargetResolution) {
        self.store = store
        self.resolution = resolution
        children = ChildDiscovery(
            rules: resolution.children, records: resolution.childRecords, store: store,
            runsOn: resolution.selectedClusters)
    }

    /// The child Applications found so far (app of apps), in id order.
    public var childTargets: [FleetTarget] {
        children.found.targets.values.sorted { $0.id < $1.id }
    }

    /// The selected targets, in fleet order.
    public var targets: [FleetTarget] { resolution.targets }

    /// Runs `targets` (the resolved ones, or versions of them) with `engine`, recording each as
    /// it finishes unless `recording` is nil; `warn` hears of results that could not be
    /// recorded. Unless `followsChildren` is false, the Applications a target renders (app of
    /// apps) are then run the same way, level by level. Returns once everything is recorded,
    /// reports in the order of `targets` then of their children (those cut short by a
    /// cancellation marked and not recorded).
    ///
    /// A syncing run takes a target's children only when it is left Synced without error (its
    /// new children come with it, as Argo CD applies them when the parent syncs), and only when
    /// `acceptsChildren` (serve: the target's rollout step is open) says so too. Each level of
    /// children runs as far as `claimsChildren` lets it (serve: those not already running).
    public func run(
        _ targets: [FleetTarget], with engine: Engine, mode: EngineMode, recording: TargetRecorder.Recording?,
        followsChildren: Bool = true, acceptsChildren: @escaping @Sendable (TargetReport) -> Bool = { _ in true },
        claimsChildren: @Sendable ([FleetTarget]) async -> [FleetTarget] = { $0 },
        warn: @escaping @Sendable (String) -> Void, onEvent: @escaping @Sendable (EngineEvent) -> Void = { _ in }
    ) async -> [TargetReport] {
        let recorder = recording.map { TargetRecorder(store: store, recording: $0, warn: warn) }
        let children = followsChildren ? self.children : nil
        let syncs = mode.syncs
        let accepts = { @Sendable (report: TargetReport) -> Bool in
            (!syncs || (report.error.isEmpty && report.syncStatus == .synced)) && acceptsChildren(report)
        }
        // Changed child documents go with a sync of their parent: a person's, or an automated
        // one serve decides (as for a parent whose objects changed), and not in a window that
        // blocks it.
        let applies = { @Sendable (report: TargetReport) -> Bool in
            mode.decides(report) && report.target.policy.syncBlock(at: Date(), manual: mode.isManual) == nil
        }
        var reports: [TargetReport] = []
        var wave = targets
        while !wave.isEmpty, !Task.isCancelled {
            let finished = await engine.run(wave, mode: mode) { event in
                guard case .finished(let report) = event else { return onEvent(event) }
                let adopted = children?.adopt(report, accepts: accepts, applies: applies, records: syncs) ?? report
                recorder?.record(adopted)
                onEvent(.finished(adopted))
            }
            reports += children?.patched(finished) ?? finished
            let found = children?.takePending() ?? []
            wave = found.isEmpty ? [] : await claimsChildren(found)
        }
        await recorder?.finish()
        return reports
    }

    /// The recorded targets this run's fleet files (and rendered parents) stopped generating,
    /// and their fates; `prune` is the run's override of the Applications' prune policies.
    public func vanishedTargets(prune: Bool? = nil) throws -> VanishedTargets {
        try VanishedTargets(resolution, children: children.found, prune: prune, store: store)
    }
}
