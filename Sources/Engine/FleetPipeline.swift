import FleetModel
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

    /// A pipeline over `store` for `resolution`'s targets.
    public init(store: any FleetStore, resolution: TargetResolution) {
        self.store = store
        self.resolution = resolution
    }

    /// The selected targets, in fleet order.
    public var targets: [FleetTarget] { resolution.targets }

    /// Runs `targets` (the resolved ones, or versions of them) with `engine`, recording each as
    /// it finishes unless `recording` is nil; `warn` hears of results that could not be
    /// recorded. Returns once everything is recorded, reports in the order of `targets`
    /// (those cut short by a cancellation marked and not recorded).
    public func run(
        _ targets: [FleetTarget], with engine: Engine, mode: EngineMode, recording: TargetRecorder.Recording?,
        warn: @escaping @Sendable (String) -> Void, onEvent: @escaping @Sendable (EngineEvent) -> Void = { _ in }
    ) async -> [TargetReport] {
        let recorder = recording.map { TargetRecorder(store: store, recording: $0, warn: warn) }
        let reports = await engine.run(targets, mode: mode) { event in
            if case .finished(let report) = event { recorder?.record(report) }
            onEvent(event)
        }
        await recorder?.finish()
        return reports
    }

    /// The recorded targets this run's fleet files stopped generating, and their fates.
    public func vanishedTargets() throws -> VanishedTargets {
        try VanishedTargets(resolution, store: store)
    }
}
