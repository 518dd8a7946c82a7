import ArgumentParser
import Engine
import Reconcile

/// `flotilla diff`: what a sync would change, as unified YAML diffs, for one Application or the fleet.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what syncing would change, for one Application or every selected target.",
        discussion: """
            Each desired object is compared with the live one through a server-side apply dry \
            run, so fields the server fills in are never reported. Secret values are masked. \
            Every target's sync status and health are recorded for flotilla status.

            Exit status: 0 no differences, 1 differences, 2 error (kubectl's convention).
            """)

    @OptionGroup var selection: TargetSelection

    func run() async throws {
        let (_, pipeline, engine) = try await selection.resolve()
        let reports = try await FleetRun.run(
            pipeline, pipeline.targets, with: engine, mode: .diff, recording: .comparison)
        let vanished = try pipeline.vanishedTargetsOrExit()
        let several = reports.count > 1
        for report in reports {
            if several, !report.isGood || report.syncStatus != .synced {
                Terminal.standardOutput.write("# \(report.target.id): \(report.syncStatus)\n")
            }
            if let pending = report.pendingChildren {
                Terminal.standardOutput.write(
                    "# \(report.target.id): child Applications differ from Git (\(pending.summary)); a sync of it "
                        + "applies them\n" + pending.diff)
            }
            if !report.error.isEmpty {
                Terminal.standardError.write("error: \(report.target.id): \(report.error)\n")
            }
            for change in report.comparison?.changes ?? [] {
                switch change.action {
                case .create, .update, .delete: Terminal.standardOutput.write(change.diff)
                case .skipped: Terminal.standardError.write("\(change.key) skipped: \(change.reason)\n")
                case .refused, .claimed, .forbidden: Terminal.standardError.write("\(change.problem)\n")
                case .unknown, .unchanged: break  // an unknown object is the target's error, printed above
                }
            }
        }
        for line in vanished.plan().split(separator: "\n") { Terminal.standardOutput.write("# \(line)\n") }
        if several { Terminal.standardError.write(FleetSummary(reports).line + "\n") }
        Terminal.standardOutput.flush()
        if reports.contains(where: { !$0.error.isEmpty }) { throw ExitCode(2) }
        if reports.contains(where: { $0.syncStatus != .synced }) || vanished.deletesAny { throw ExitCode(1) }
    }
}
