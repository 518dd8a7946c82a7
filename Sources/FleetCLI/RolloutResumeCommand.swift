import ArgumentParser
import Engine
import Registry

/// `flotilla rollout resume APPSET`: continue a halted (or aborted, or interrupted) rollout
/// from the step it stood at, after a fix.
struct RolloutResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a halted rollout from the step it halted at (after a fix), to the end or the next halt.",
        discussion: """
            The rollout's targets are compared with Git first; the halted step's targets that are \
            not Synced and Healthy are synced again, then the later steps follow as in flotilla sync. \
            A new commit starts a new rollout from step 1 instead: run flotilla sync.

            Exit status: 0 when the rollout completed, 1 when it halted again, 2 on error.
            """)

    @OptionGroup var target: RolloutTarget

    @OptionGroup var engineOptions: EngineOptions

    @Option(
        help: ArgumentHelp(
            "Seconds a target's comparison, then its sync, may take before the target fails.", valueName: "seconds"))
    var timeout = 240

    func validate() throws {
        if timeout < 2 { throw ValidationError("--timeout must be at least 2 seconds") }
    }

    func run() async throws {
        let context = try await RolloutContext.load(
            target, options: engineOptions, deadline: .seconds(timeout), verifyingKey: true)
        do {
            guard try context.registry.rollout(of: target.applicationSet) != nil else {
                throw CommandFailure(
                    "ApplicationSet \(target.applicationSet) has no rollout on record: flotilla sync starts it",
                    exitCode: 2)
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        let result = await context.rollouts.run(
            pipeline: context.pipeline, engine: context.engine, store: context.registry, resume: true)
        for outcome in result.outcomes {
            for report in outcome.reports where !outcome.gated.contains(report.target.id) && !report.cancelled {
                Terminal.standardOutput.write(
                    "Application \(report.target.application.name) on cluster \(report.target.cluster): "
                        + SyncLine(report).text + "\n")
            }
        }
        for failure in result.failures { Terminal.standardError.write("error: \(failure)\n") }
        Terminal.standardOutput.flush()
        if result.interrupted {
            throw CommandFailure("interrupted: the rollout stopped where it stood", exitCode: 130)
        }
        if result.stopped { throw ExitCode(1) }
    }
}
