import Engine
import Reconcile

/// One pipeline run for a command: results recorded as targets finish, a progress line on a
/// terminal, and Ctrl-C handled cleanly — the run is cancelled (requests aborted), targets
/// that finished are recorded, the cancelled ones keep the state recorded before, and the
/// command exits 130.
enum FleetRun {
    static func run(
        _ pipeline: FleetPipeline, _ targets: [FleetTarget], with engine: Engine, mode: EngineMode,
        recording: TargetRecorder.Recording?
    ) async throws -> [TargetReport] {
        let run = await runUntilInterrupted(pipeline, targets, with: engine, mode: mode, recording: recording)
        if let interruption = run.interruption { throw interruption }
        return run.reports
    }

    /// `run`, handing back the reports (cancelled ones marked) and, after Ctrl-C, the
    /// failure to end the command with once it has shown what finished.
    static func runUntilInterrupted(
        _ pipeline: FleetPipeline, _ targets: [FleetTarget], with engine: Engine, mode: EngineMode,
        recording: TargetRecorder.Recording?
    ) async -> (reports: [TargetReport], interruption: CommandFailure?) {
        let progress = ProgressLine(total: targets.count)
        let (reports, interrupted) = await Interrupts.cancellable {
            await pipeline.run(
                targets, with: engine, mode: mode, recording: recording,
                warn: { Terminal.standardError.write("warning: \($0)\n") }
            ) { event in
                guard case .finished(let report) = event else { return }
                progress.advance(report.target.id)
            }
        }
        progress.finish()
        if let kubectl = await KubectlChoice.shared.announcement() {
            Terminal.standardError.write("kustomizations rendered with \(kubectl)\n")
        }
        if let helm = await engine.renderer.helm.statistics.summary() {
            Terminal.standardError.write("\(helm) with \(await HelmBackendChoice.shared.backendDescription())\n")
        }
        guard interrupted else { return (reports, nil) }
        let finished = reports.filter { !$0.cancelled }.count
        return (
            reports,
            CommandFailure(
                "interrupted: \(finished) of \(reports.count) targets finished"
                    + (recording == nil ? "" : " and were recorded")
                    + "; the others were cancelled and keep the state recorded before", exitCode: 130)
        )
    }
}
