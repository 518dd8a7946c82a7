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
        let fleetTarget: FleetTarget
        let revision: String
        do {
            registry = try RegistryAccess.requireExisting()
            let history = try registry.history(of: app)
            if history.isEmpty, try !registry.targets().contains(where: { $0.application == app }) {
                throw EmptySelection.unknownApplication(
                    app, in: "the recorded state", known: try registry.targets().map(\.application))
            }
            guard let entry = history.first(where: { $0.id == id }) else {
                throw CommandFailure("Application \(app) has no recorded sync \(id) (flotilla history \(app))")
            }
            guard let recorded = entry.revision else {
                throw CommandFailure("sync \(id) of \(app) came from a plain folder: there is no revision to return to")
            }
            pipeline = try FleetPipeline.resolve(
                paths: paths, app: app, cluster: entry.cluster, selector: nil, store: registry
            ).requiringEveryTarget()
            try registry.verifyKey()
            guard let found = pipeline.targets.first else {
                throw CommandFailure("Application \(app) no longer goes to cluster \(entry.cluster)")
            }
            fleetTarget = found
            revision = recorded
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        var target = fleetTarget
        target.application.sources[0].targetRevision = revision
        let engine = registry.engine(concurrency: 1, healthTimeout: .seconds(120), requestTimeout: .seconds(30))
        let reports = try await FleetRun.run(
            pipeline, [target], with: engine, mode: .sync(prune: prune ? true : nil), recording: .rollback(to: revision)
        )
        for report in reports {
            for outcome in report.sync?.outcomes ?? [] where outcome.result != .unchanged {
                Terminal.standardOutput.write("\(outcome)\n")
            }
            let line = "Application \(app) on cluster \(report.target.cluster): "
            guard report.error.isEmpty else {
                Terminal.standardOutput.write(line + "rollback failed: \(report.error)\n")
                throw ExitCode(1)
            }
            Terminal.standardOutput.write(
                line + "rolled back to \(revision.prefix(12)), \(report.health.status.rawValue)\n")
        }
        // The recorded sync status is the cluster against Git (the fleet's revision), as Argo
        // CD shows a rolled-back Application: OutOfSync until the next sync, unless the two agree.
        let compared = try await FleetRun.run(
            pipeline, [fleetTarget], with: engine, mode: .diff, recording: .comparisonAfterRollback(to: revision))
        // As in Argo CD, a rollback pauses automated sync (of flotilla serve) for this target
        // until a sync is asked for: else the next cycle would undo it.
        guard fleetTarget.application.syncPolicy?.automated != nil else { return }
        do {
            try registry.hold(
                SyncHold(
                    application: app, cluster: fleetTarget.cluster, rolledBackTo: revision,
                    gitRevision: compared.first?.comparison?.revision, since: Date()))
        } catch {
            throw CommandFailure("the rollback is done, but automated sync could not be paused: \(error)")
        }
        Terminal.standardOutput.write(
            "Automated sync of \(app) on cluster \(fleetTarget.cluster) is paused until flotilla sync --app \(app)\n")
    }
}
