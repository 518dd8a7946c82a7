import ArgumentParser
import Engine
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
        let resolution: TargetResolution
        var target: FleetTarget
        do {
            let registry = try RegistryAccess.requireExisting()
            guard let entry = try registry.history(of: app).first(where: { $0.id == id }) else {
                throw CommandFailure("Application \(app) has no recorded sync \(id) (flotilla history \(app))")
            }
            guard let revision = entry.revision else {
                throw CommandFailure("sync \(id) of \(app) came from a plain folder: there is no revision to return to")
            }
            resolution = try TargetResolution.resolve(paths: paths, app: app, cluster: entry.cluster, selector: nil)
            guard let found = resolution.targets.first else {
                throw CommandFailure("Application \(app) no longer goes to cluster \(entry.cluster)")
            }
            target = found
            target.application.sources[0].targetRevision = revision
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        let reports = try await FleetRun.run(
            resolution.engine(concurrency: 1, healthTimeout: .seconds(120), requestTimeout: .seconds(30)), [target],
            mode: .sync(prune: prune ? true : nil), recorder: TargetRecorder(registry: resolution.registry))
        for report in reports {
            for outcome in report.sync?.outcomes ?? [] where outcome.result != "unchanged" {
                Terminal.standardOutput.write("\(outcome)\n")
            }
            let revision = String(target.application.sources[0].targetRevision.prefix(12))
            Terminal.standardOutput.write(
                "Application \(app) on cluster \(report.target.cluster): "
                    + (report.error.isEmpty ? "rolled back to \(revision)" : "rollback failed: \(report.error)")
                    + ", \(report.health.status.rawValue)\n")
            if !report.error.isEmpty { throw ExitCode(1) }
        }
    }
}
