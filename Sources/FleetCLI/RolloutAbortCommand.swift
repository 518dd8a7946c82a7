import ArgumentParser
import Engine
import Registry

/// `flotilla rollout abort APPSET`: sync each target a rollout reached back to the commit it was
/// last healthy at; the rollout is then aborted.
struct RolloutAbortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abort",
        abstract: "Sync the targets a rollout reached back to the revision each was last healthy at, and stop it.",
        discussion: """
            Each target goes back to its own last healthy commit (targets from different \
            repositories or branches each to theirs); one with no healthy commit on record is \
            left as it is and named. Each target synced back is recorded as a rollback \
            (flotilla history). The aborted \
            rollout's revision is not synced again until a new commit starts a new rollout, or \
            flotilla rollout resume retries it.

            Exit status: 0 when every target is back, 1 when one could not be synced back (or had no \
            healthy commit to go back to), 2 on error.
            """)

    @OptionGroup var target: RolloutTarget

    @OptionGroup var engineOptions: EngineOptions

    func run() async throws {
        let context = try await RolloutContext.load(target, options: engineOptions, verifyingKey: true)
        let abort: RolloutAbort
        do {
            abort = try RolloutAbort(target.applicationSet, plan: context.plan, store: context.registry)
        } catch let refusal as RolloutAbort.Refusal {
            throw CommandFailure("\(refusal)")
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        let (outcome, interrupted) = await Interrupts.cancellable { () async -> Result<[TargetReport], any Error> in
            do {
                return .success(
                    try await abort.run(
                        in: context.pipeline, with: context.engine, store: context.registry, by: .commandLineUser,
                        warn: { Terminal.standardError.write("warning: \($0)\n") }))
            } catch {
                return .failure(error)
            }
        }
        if interrupted { throw CommandFailure("interrupted: the abort was cancelled", exitCode: 130) }
        let reports: [TargetReport]
        do {
            reports = try outcome.get()
        } catch {
            throw CommandFailure("the targets went back, but the rollout could not be recorded aborted: \(error)")
        }
        for report in reports {
            let line = "Application \(report.target.application.name) on cluster \(report.target.cluster): "
            let revision = RolloutProgress.short(abort.revisions[report.target.id])
            Terminal.standardOutput.write(
                line
                    + (report.error.isEmpty
                        ? "rolled back to \(revision), \(report.health.status.rawValue)\n"
                        : "rollback failed: \(report.error)\n"))
        }
        for left in abort.withoutHealthyRevision {
            Terminal.standardOutput.write(
                "Application \(left.application.name) on cluster \(left.cluster): left as it is, "
                    + "no earlier healthy revision on record to go back to\n")
        }
        let back =
            abort.revisions.isEmpty
            ? RolloutProgress.lastHealthyRevisions(of: abort.record)
            : RolloutRecord.text(of: nil, among: abort.revisions, length: 12)
        Terminal.standardOutput.write(
            "Rollout \(target.applicationSet) aborted: \(reports.count) target\(reports.count == 1 ? "" : "s") "
                + "back at \(back)\n")
        Terminal.standardOutput.flush()
        if reports.contains(where: { !$0.error.isEmpty }) || !abort.withoutHealthyRevision.isEmpty {
            throw ExitCode(1)
        }
    }
}
