import ArgumentParser
import Reconcile

/// `flotilla sync`: make one Application's cluster match Git.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync one Application to its cluster: apply, prune, run hooks, wait for health.",
        discussion: """
            Objects are server-side applied (field manager flotilla, force) in Argo CD's order: \
            namespaces and CRDs, then sync waves, hooks PreSync, Sync, PostSync (SyncFail on \
            failure). Only objects whose tracking annotation names the Application are pruned, \
            and only with --prune or syncPolicy.automated.prune.

            Exit status: 0 synced (healthy or still progressing), 1 sync failed or the \
            Application is Degraded, Missing or Unknown, 2 error.
            """)

    @Argument(help: ArgumentHelp("Fleet files or folders (default: fleets/).", valueName: "path"))
    var paths: [String] = []

    @Option(help: "The Application to sync.")
    var app: String

    @Option(help: "Its cluster (checked against its destination).")
    var cluster: String?

    @Flag(help: "Print what would change; change nothing.")
    var dryRun = false

    @Flag(help: "Delete tracked objects Git no longer has (else as syncPolicy.automated.prune says).")
    var prune = false

    @Option(help: ArgumentHelp("Seconds to wait for health after applying.", valueName: "seconds"))
    var timeout = 120

    func run() async throws {
        let result: SyncResult
        let target: TargetResolution.Target
        do {
            target = try TargetResolution.target(paths: paths, application: app, cluster: cluster)
            let reconciler = Reconciler(api: target.api, renderer: TargetResolution.renderer)
            let comparison = try await reconciler.compare(target.application, baseDirectory: target.baseDirectory)
            if dryRun {
                for change in comparison.changes where change.action != .unchanged {
                    let verb = ["create": "would create", "update": "would configure", "delete": "would prune"]
                    let text = verb[change.action.rawValue] ?? "skipped (\(change.reason))"
                    Terminal.standardOutput.write("\(change.key) \(text)\n")
                }
                Terminal.standardOutput.write(
                    "Application \(app) on cluster \(target.cluster): \(comparison.isSynced ? "Synced" : "OutOfSync")\n"
                )
                return
            }
            result = try await reconciler.sync(
                target.application, comparison, prune: prune ? true : nil, healthTimeout: .seconds(timeout))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        for outcome in result.outcomes { Terminal.standardOutput.write("\(outcome)\n") }
        let health = result.health
        Terminal.standardOutput.write(
            "Application \(app) on cluster \(target.cluster): "
                + (result.succeeded ? "synced" : "sync failed: \(result.message)") + ", \(health.status.rawValue)"
                + (health.message.isEmpty ? "" : " (\(health.message))") + "\n")
        Terminal.standardOutput.flush()
        if !result.succeeded || health.status >= .missing { throw ExitCode(1) }
    }
}
