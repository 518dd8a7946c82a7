import Engine

/// One engine run for a command: results recorded as targets finish, a progress line on a
/// terminal, and Ctrl-C handled cleanly — the run is cancelled (requests aborted), targets
/// that finished are recorded, the cancelled ones keep the state recorded before, and the
/// command exits 130.
enum FleetRun {
    static func run(
        _ engine: Engine, _ targets: [FleetTarget], mode: EngineMode, recorder: TargetRecorder?
    ) async throws -> [TargetReport] {
        let progress = ProgressLine(total: targets.count)
        let (reports, interrupted) = await Interrupts.cancellable {
            await engine.run(targets, mode: mode) { event in
                guard case .finished(let report) = event else { return }
                recorder?.record(report)
                progress.advance(report.target.id)
            }
        }
        progress.finish()
        await recorder?.finish()
        if interrupted {
            let finished = reports.filter { !$0.cancelled }.count
            throw CommandFailure(
                "interrupted: \(finished) of \(reports.count) targets finished and were recorded; "
                    + "the others were cancelled and keep the state recorded before", exitCode: 130)
        }
        return reports
    }
}
