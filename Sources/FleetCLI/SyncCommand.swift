import ArgumentParser
import Engine
import Reconcile
import Registry

/// `flotilla sync`: make one Application, or every selected target, match Git.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync one Application or every selected target: apply, prune, run hooks, wait for health.",
        discussion: """
            Objects are server-side applied (field manager flotilla, force) in Argo CD's order: \
            namespaces and CRDs, then sync waves, hooks PreSync, Sync, PostSync (SyncFail on \
            failure). Only objects whose tracking annotation names the Application are pruned, \
            and only with --prune or syncPolicy.automated.prune. Clusters are worked on at once \
            (--concurrency), up to 16 of a cluster's targets at once; results are recorded for \
            flotilla status. An ApplicationSet with a RollingSync strategy is rolled out step by \
            step when the whole fleet of the files is synced: a failing or Degraded target halts \
            it (see flotilla rollout).

            Exit status: 0 synced (healthy or still progressing; objects left unpruned \
            without --prune are said, not failed), 1 a sync failed, a target stayed OutOfSync \
            or an Application is Degraded, Missing or Unknown, or a rollout halted, 2 error.
            """)

    @OptionGroup var selection: TargetSelection

    func validate() throws {
        if timeout < 2 { throw ValidationError("--timeout must be at least 2 seconds") }
    }

    @Flag(help: "Print what would change; change nothing.")
    var dryRun = false

    @Flag(help: "Delete tracked objects Git no longer has (else as syncPolicy.automated.prune says).")
    var prune = false

    @Option(
        help: ArgumentHelp(
            "Seconds a target's comparison, then its sync, may take before the target fails (a hanging git fetch included); the wait for health after applying ends at half of it.",
            valueName: "seconds"))
    var timeout = 240

    func run() async throws {
        let (registry, pipeline, engine) = try await selection.resolve(deadline: .seconds(timeout))
        // ApplicationSets with a RollingSync strategy go step by step (a dry run compares them all).
        let rollouts = dryRun ? RolloutSync(plans: [:]) : try rolloutPlans(pipeline)
        var run = await FleetRun.runUntilInterrupted(
            pipeline, pipeline.targets.filter { !rollouts.rollsOut($0) }, with: engine,
            mode: dryRun ? .diff : .sync(prune: prune ? true : nil),
            recording: dryRun ? nil : .sync(by: .commandLineUser))
        var rolled = RolloutSync.Result()
        if run.interruption == nil, !rollouts.plans.isEmpty {
            rolled = await rollouts.run(pipeline: pipeline, engine: engine, store: registry, prune: prune)
            run.reports += rolled.outcomes.flatMap(\.reports)
            if rolled.interrupted {
                run.interruption = CommandFailure("interrupted: the rollout stopped where it stood", exitCode: 130)
            }
        }
        // After Ctrl-C: what finished is still shown; nothing that vanished is deleted.
        let gated = Set(rolled.outcomes.flatMap(\.gated))
        let reports = run.reports.filter { !$0.cancelled && !gated.contains($0.target.id) }
        var retired = (text: "", succeeded: true)
        if run.interruption == nil {
            let vanished = try pipeline.vanishedTargetsOrExit(prune: prune ? true : nil)
            retired = (dryRun ? vanished.plan() : "", true)
            if !dryRun { retired = await vanished.carryOut(with: engine, store: registry) }
        }
        if !dryRun { releaseHolds(of: reports, in: registry) }
        let several = run.reports.count > 1
        for report in reports {
            if dryRun {
                printPlan(report)
            } else {
                printOutcomes(report, verbose: !several)
            }
        }
        for outcome in rolled.outcomes {
            for target in outcome.reports.map(\.target) where outcome.gated.contains(target.id) {
                Terminal.standardOutput.write(
                    "Application \(target.application.name) on cluster \(target.cluster): held back by rollout "
                        + "\(outcome.record.applicationSet) (\(outcome.record.state.rawValue) at step "
                        + "\(outcome.record.step + 1)/\(outcome.record.stepCount))\n")
            }
        }
        for failure in rolled.failures { Terminal.standardError.write("error: \(failure)\n") }
        Terminal.standardOutput.write(retired.text)
        // Held back targets were neither synced nor failed: said apart, after the rest.
        let heldBack = "\(gated.count) held back by \(gated.count == 1 ? "a rollout" : "rollouts")"
        if several, !reports.isEmpty {
            Terminal.standardOutput.write(FleetSummary(reports).line + (gated.isEmpty ? "" : "; " + heldBack) + "\n")
        } else if several, !gated.isEmpty {
            Terminal.standardOutput.write(heldBack + "\n")
        }
        Terminal.standardOutput.flush()
        if let interruption = run.interruption { throw interruption }
        if dryRun { return }
        if !retired.succeeded || rolled.stopped || reports.contains(where: { SyncLine($0).fails }) {
            throw ExitCode(1)
        }
    }

    /// The rollout plans of the selected fleet; a fleet file that cannot be read again is a usage error.
    private func rolloutPlans(_ pipeline: FleetPipeline) throws -> RolloutSync {
        do {
            return try RolloutSync.plans(of: pipeline)
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
    }

    /// A sync asked for resumes automated sync of targets held after a rollback (see `SyncHold`).
    private func releaseHolds(of reports: [TargetReport], in registry: Registry) {
        let synced = reports.filter { $0.error.isEmpty }.map { ($0.target.application.name, $0.target.cluster) }
        do {
            try registry.release(synced)
        } catch {
            Terminal.standardError.write("warning: automated sync could not be resumed: \(error)\n")
        }
    }

    private func printPlan(_ report: TargetReport) {
        for change in report.comparison?.changes ?? [] where change.action != .unchanged {
            let verb = ["create": "would create", "update": "would configure", "delete": "would prune"]
            Terminal.standardOutput.write(
                change.problem.isEmpty
                    ? "\(change.key) \(verb[change.action.rawValue] ?? "skipped (\(change.reason))")\n"
                    : "\(change.problem)\n")
        }
        Terminal.standardOutput.write(
            "Application \(report.target.application.name) on cluster \(report.target.cluster): "
                + (report.error.isEmpty ? report.syncStatus.rawValue : "error: \(report.error)") + "\n")
    }

    private func printOutcomes(_ report: TargetReport, verbose: Bool) {
        for outcome in report.sync?.outcomes ?? [] where verbose || outcome.result != .unchanged {
            Terminal.standardOutput.write("\(outcome)\n")
        }
        Terminal.standardOutput.write(
            "Application \(report.target.application.name) on cluster \(report.target.cluster): "
                + SyncLine(report).text + "\n")
    }
}
