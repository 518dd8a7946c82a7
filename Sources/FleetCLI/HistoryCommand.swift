import ArgumentParser
import Engine
import FleetModel
import Foundation
import Registry

/// `flotilla history APP`: the recorded syncs of an Application, newest first.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show the recorded syncs of an Application, newest first.")

    @Argument(help: "The Application.")
    var app: String

    @Option(help: "Only on this cluster.")
    var cluster: String?

    func run() throws {
        let entries: [SyncHistoryEntry]
        do {
            let registry = try RegistryAccess.requireExisting()
            entries = try registry.history(of: app, cluster: cluster)
            // Nothing to show is an error saying what there is (the history of a cluster
            // removed since is still shown when asked for by name).
            if entries.isEmpty {
                let registered = try registry.clusters().map(\.name)
                if let cluster, !registered.contains(cluster) {
                    throw EmptySelection.unregisteredCluster(cluster, registered: registered)
                }
                let everywhere = try registry.history(of: app)
                let recorded = try registry.targets()
                if everywhere.isEmpty, !recorded.contains(where: { $0.application == app }) {
                    throw EmptySelection.unknownApplication(
                        app, in: "the recorded state", known: recorded.map(\.application))
                }
                if let cluster, !everywhere.isEmpty {
                    throw EmptySelection.noTarget(
                        app: app, cluster: cluster, selector: nil, in: "the recorded history",
                        existing: everywhere.map { ($0.application, $0.cluster) }, labels: [:])
                }
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(error)
        }
        var table = TableWriter(
            headers: ["ID", "CLUSTER", "REVISION", "FINISHED", "RESULT", "INITIATED BY", "MESSAGE"])
        for entry in entries {
            table.append([
                entry.id.map(String.init) ?? "-", entry.cluster, entry.revision.map { String($0.prefix(12)) } ?? "-",
                entry.finishedAt.formatted(Date.ISO8601FormatStyle()), entry.succeeded ? "Succeeded" : "Failed",
                entry.initiatedBy?.description ?? "-", entry.message,
            ])
        }
        Terminal.standardOutput.write(table.render())
    }
}
