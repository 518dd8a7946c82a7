import ArgumentParser
import Engine
import FleetModel
import Foundation
import Registry

/// `flotilla rollout status APPSET`: the rollout's state, and every step's targets with their
/// recorded sync status and health.
struct RolloutStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show an ApplicationSet's rollout: its state, why it halted, and each step's targets.",
        discussion: "Exit status: 0 when the rollout completed, 1 when it is under way, halted or aborted, 2 on error.")

    @OptionGroup var target: RolloutTarget

    @OptionGroup var engineOptions: EngineOptions

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("table or json.", valueName: "format"))
    var output: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    func run() async throws {
        let context = try await RolloutContext.load(target, options: engineOptions, verifyingKey: false)
        let record: RolloutRecord?
        let states: [String: TargetState]
        do {
            record = try context.registry.rollout(of: target.applicationSet)
            states = Dictionary(
                try context.registry.targets().map { ("\($0.application)@\($0.cluster)", $0) }
            ) { first, _ in first }
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        let view = RolloutView(
            applicationSet: target.applicationSet, plan: context.plan, record: record, states: states)
        switch output {
        case .table: Terminal.standardOutput.write(view.text())
        case .json: Terminal.standardOutput.write(JSONWriter.pretty(view.document()))
        }
        Terminal.standardOutput.flush()
        if record?.state != .completed { throw ExitCode(1) }
    }
}
