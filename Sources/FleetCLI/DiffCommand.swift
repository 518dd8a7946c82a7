import ArgumentParser
import Reconcile

/// `flotilla diff`: what a sync of one Application would change, as unified YAML diffs.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what syncing one Application would change on its cluster.",
        discussion: """
            Each desired object is compared with the live one through a server-side apply dry \
            run, so fields the server fills in are never reported. Secret values are masked.

            Exit status: 0 no differences, 1 differences, 2 error (kubectl's convention).
            """)

    @Argument(help: ArgumentHelp("Fleet files or folders (default: fleets/).", valueName: "path"))
    var paths: [String] = []

    @Option(help: "The Application to compare.")
    var app: String

    @Option(help: "Its cluster (checked against its destination).")
    var cluster: String?

    func run() async throws {
        let comparison: Comparison
        do {
            let target = try TargetResolution.target(paths: paths, application: app, cluster: cluster)
            comparison = try await Reconciler(api: target.api, renderer: TargetResolution.renderer).compare(
                target.application, baseDirectory: target.baseDirectory)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        for change in comparison.changes {
            switch change.action {
            case .create, .update, .delete: Terminal.standardOutput.write(change.diff)
            case .skipped: Terminal.standardError.write("\(change.key) skipped: \(change.reason)\n")
            case .unchanged: break
            }
        }
        Terminal.standardOutput.flush()
        if !comparison.isSynced { throw ExitCode(1) }
    }
}
