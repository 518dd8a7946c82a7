import ArgumentParser
import Engine
import Foundation
import Registry

/// `flotilla rollback APP ID`: sync a target back to the revision a recorded sync applied.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Sync an Application's target back to the revision of a recorded sync (see flotilla history).",
        discussion: """
            The target is synced from the recorded commit instead of its targetRevision, and the \
            result is recorded like any sync. The next flotilla sync goes back to the fleet's revision.
            """)

    @Argument(help: "The Application.")
    var app: String

    @Argument(help: "The history entry's ID (flotilla history).")
    var id: Int64

    @Argument(help: ArgumentHelp("Fleet files or folders (default: fleets/).", valueName: "path"))
    var paths: [String] = []

    @Flag(help: "Delete tracked objects the old revision does not have.")
    var prune = false

    func run() async throws {
        let registry: Registry
        let pipeline: FleetPipeline
        let rollback: Rollback
        let engine: Engine
        do {
            registry = try RegistryAccess.requireExisting()
            engine = registry.engine(concurrency: 1, healthTimeout: .seconds(120), requestTimeout: .seconds(30))
            let history = try registry.history(of: app)
            if history.isEmpty, try !registry.targets().contains(where: { $0.application == app }) {
                throw EmptySelection.unknownApplication(
                    app, in: "the recorded state", known: try registry.targets().map(\.application))
            }
            guard let entry = history.first(where: { $0.id == id }) else {
                throw CommandFailure("Application \(app) has no recorded sync \(id) (flotilla history \(app))")
            }
            pipeline = try await FleetPipeline.resolve(
                paths: paths, app: app, cluster: entry.cluster, selector: nil, store: registry, trees: engine.trees
            ).requiringEveryTarget()
            try registry.verifyKey()
            guard let target = pipeline.targets.first else {
                throw CommandFailure("Application \(app) no longer goes to cluster \(entry.cluster)")
            }
            rollback = try Rollback(target, toEntry: id, in: registry)
        } catch let failure as CommandFailure {
            throw failure
        } catch let refusal as Rollback.Refusal {
            throw CommandFailure("\(refusal)")
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        let outcome: Rollback.Outcome
        do {
            let (finished, interrupted) = await Interrupts.cancellable {
                () async -> Result<Rollback.Outcome, any Error> in
                do {
                    return .success(
                        try await rollback.run(
                            in: pipeline, with: engine, store: registry, prune: prune, by: .commandLineUser,
                            warn: { Terminal.standardError.write("warning: \($0)\n") }))
                } catch {
                    return .failure(error)
                }
            }
            if interrupted { throw CommandFailure("interrupted: the rollback was cancelled", exitCode: 130) }
            outcome = try finished.get()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("the rollback is done, but automated sync could not be paused: \(error)")
        }
        let report = outcome.sync
        for outcome in report.sync?.outcomes ?? [] where outcome.result != .unchanged {
            Terminal.standardOutput.write("\(outcome)\n")
        }
        let line = "Application \(app) on cluster \(report.target.cluster): "
        guard report.error.isEmpty else {
            Terminal.standardOutput.write(line + "rollback failed: \(report.error)\n")
            throw ExitCode(1)
        }
        Terminal.standardOutput.write(
            line + "rolled back to \(rollback.revision.prefix(12)), \(report.health.status.rawValue)\n")
        if outcome.held {
            Terminal.standardOutput.write(
                "Automated sync of \(app) on cluster \(report.target.cluster) is paused until flotilla sync --app \(app)\n"
            )
        }
    }
}
