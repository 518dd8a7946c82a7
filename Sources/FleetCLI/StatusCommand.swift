import ArgumentParser
import FleetModel
import Foundation
import Registry
import Report

/// `flotilla status`: every Application on every cluster at a glance, from recorded state.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the recorded state of every target: a matrix of Applications × clusters.",
        discussion: """
            Symbols: ✓ Synced and Healthy, ~ Progressing, ! OutOfSync, ✗ Degraded or Missing, \
            ? Unknown (the cluster could not be compared), · no such target. State is what the \
            last diff or sync recorded; --refresh compares every selected target first.

            Exit status: 0 when every selected target is Synced and Healthy, 1 otherwise, 2 on error.
            """)

    @OptionGroup var selection: TargetSelection

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp(
            "table, wide, json, yaml, html (one self-contained page) or metrics (Prometheus text).",
            valueName: "format"))
    var output: Format = .table

    @Flag(help: "Compare the selected targets with their clusters first (needs the fleet files).")
    var refresh = false

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, wide, json, yaml, html, metrics
    }

    func run() async throws {
        let states: [TargetState]
        do {
            let registry = try RegistryAccess.requireExisting()
            if refresh {
                let resolution = try selection.resolve()
                _ = try await FleetRun.run(
                    selection.engine(for: resolution), resolution.targets, mode: .diff,
                    recorder: TargetRecorder(registry: registry))
            }
            let clusters = Set(
                try registry.clusters(
                    matching: try selection.selector.map { try LabelSelector(parsing: $0) } ?? .everything
                ).map(\.name))
            states = try registry.targets().filter { state in
                clusters.contains(state.cluster) && (selection.app.map { $0 == state.application } ?? true)
                    && (selection.cluster.map { $0 == state.cluster } ?? true)
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        let report = StatusReport(states)
        switch output {
        case .table:
            if states.isEmpty {
                Terminal.standardError.write("No targets recorded yet: run flotilla sync or flotilla diff.\n")
            } else {
                Terminal.standardOutput.write(report.matrix(colour: Terminal.standardOutput.isInteractive))
            }
        case .wide: Terminal.standardOutput.write(report.wide())
        case .json: Terminal.standardOutput.write(JSONWriter.pretty(report.document()))
        case .yaml: Terminal.standardOutput.write(YAMLWriter.document(report.document()))
        case .html: Terminal.standardOutput.write(StatusPage(report, generatedAt: Date()).html())
        case .metrics: Terminal.standardOutput.write(StatusMetrics(report).text())
        }
        Terminal.standardOutput.flush()
        if !report.allGood { throw ExitCode(1) }
    }
}
