import ArgumentParser
import Engine
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
        let cycle: ControllerCycle?
        let rollouts: [RolloutRecord]
        do {
            let registry = try RegistryAccess.requireExisting()
            if refresh {
                let (_, pipeline, engine) = try await selection.resolve()
                _ = try await FleetRun.run(
                    pipeline, pipeline.targets, with: engine, mode: .diff, recording: .comparison)
            }
            let records = try registry.clusters()
            if let cluster = selection.cluster, !records.contains(where: { $0.name == cluster }) {
                throw EmptySelection.unregisteredCluster(cluster, registered: records.map(\.name))
            }
            let selector = try selection.selector.map { try LabelSelector(parsing: $0) }
            let clusters = Set(try registry.clusters(matching: selector ?? .everything).map(\.name))
            let recorded = try registry.targets()
            cycle = try registry.lastCycle()
            rollouts = try registry.rollouts().filter(\.state.isActive)
            states = recorded.filter { state in
                clusters.contains(state.cluster) && (selection.app.map { $0 == state.application } ?? true)
                    && (selection.cluster.map { $0 == state.cluster } ?? true)
            }
            if states.isEmpty, selection.app != nil || selection.cluster != nil || selector != nil {
                if let app = selection.app, !recorded.contains(where: { $0.application == app }) {
                    throw EmptySelection.unknownApplication(
                        app, in: "the recorded state", known: recorded.map(\.application))
                }
                throw EmptySelection.noTarget(
                    app: selection.app, cluster: selection.cluster, selector: selector?.description,
                    in: "the recorded state", existing: recorded.map { ($0.application, $0.cluster) },
                    labels: Dictionary(records.map { ($0.name, $0.labels) }) { first, _ in first })
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
        case .json: Terminal.standardOutput.write(JSONWriter.pretty(Self.document(report, cycle: cycle)))
        case .yaml: Terminal.standardOutput.write(YAMLWriter.document(Self.document(report, cycle: cycle)))
        case .html: Terminal.standardOutput.write(StatusPage(report, generatedAt: Date()).html())
        case .metrics: Terminal.standardOutput.write(StatusMetrics(report).text())
        }
        Terminal.standardOutput.flush()
        if let cycle, output == .table || output == .wide {
            Terminal.standardError.write(
                "Recorded by flotilla serve (pid \(cycle.pid)): last cycle \(cycle.finishedAt.formatted(.iso8601)), "
                    + "\(cycle.targets) targets\n")
        }
        if output == .table || output == .wide {
            for rollout in rollouts {
                Terminal.standardError.write(
                    "Rollout \(rollout.applicationSet): \(RolloutProgress.stopped(rollout))\n")
            }
        }
        if !report.allGood { throw ExitCode(1) }
    }

    /// The report's document, with `flotilla serve`'s last cycle when there was one.
    static func document(_ report: StatusReport, cycle: ControllerCycle?) -> JSONValue {
        guard let cycle, case .object(var members) = report.document() else { return report.document() }
        members["controller"] = [
            "pid": .int(Int(cycle.pid)), "lastCycleAt": .string(cycle.finishedAt.formatted(.iso8601)),
            "targets": .int(cycle.targets),
        ]
        return .object(members)
    }
}
