import Registry

/// What a rollout does to its targets. The pipeline is the real one (`PipelineRolloutDriver`);
/// tests drive the runner with fakes.
public protocol RolloutDriver: Sendable {
    /// Compares `targets` with Git (their state recorded), reports in their order.
    func compare(_ targets: [FleetTarget]) async -> [TargetReport]
    /// Syncs `targets` (each recorded, with a history entry), reports in their order.
    func sync(_ targets: [FleetTarget]) async -> [TargetReport]
}

/// The rollout's effects through the pipeline: comparisons recorded as such, syncs recorded as
/// asked for by `initiator`.
public struct PipelineRolloutDriver: RolloutDriver {
    let pipeline: FleetPipeline
    let engine: Engine
    let initiator: SyncInitiator
    let prune: Bool?
    let warn: @Sendable (String) -> Void
    let onEvent: @Sendable (EngineEvent) -> Void

    /// A driver running `pipeline` with `engine`, `prune` overriding the Applications' policies
    /// when set; `warn` hears of results that could not be recorded.
    public init(
        pipeline: FleetPipeline, engine: Engine, initiator: SyncInitiator, prune: Bool? = nil,
        warn: @escaping @Sendable (String) -> Void, onEvent: @escaping @Sendable (EngineEvent) -> Void = { _ in }
    ) {
        self.pipeline = pipeline
        self.engine = engine
        self.initiator = initiator
        self.prune = prune
        self.warn = warn
        self.onEvent = onEvent
    }

    // The children a target renders (app of apps) are run after it as in any sync; the rollout
    // judges its own targets, whose reports come first, in their order.

    public func compare(_ targets: [FleetTarget]) async -> [TargetReport] {
        let reports = await pipeline.run(
            targets, with: engine, mode: .diff, recording: .comparison, warn: warn, onEvent: onEvent)
        return Array(reports.prefix(targets.count))
    }

    public func sync(_ targets: [FleetTarget]) async -> [TargetReport] {
        let reports = await pipeline.run(
            targets, with: engine, mode: .sync(prune: prune), recording: .sync(by: initiator), warn: warn,
            onEvent: onEvent)
        return Array(reports.prefix(targets.count))
    }
}
