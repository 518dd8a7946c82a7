import ArgumentParser
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
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(error)
        }
        guard !entries.isEmpty else {
            throw CommandFailure("no syncs recorded for Application \"\(app)\"" + (cluster.map { " on \($0)" } ?? ""))
        }
        var table = TableWriter(headers: ["ID", "CLUSTER", "REVISION", "FINISHED", "RESULT", "MESSAGE"])
        for entry in entries {
            table.append([
                entry.id.map(String.init) ?? "-", entry.cluster, entry.revision.map { String($0.prefix(12)) } ?? "-",
                entry.finishedAt.formatted(Date.ISO8601FormatStyle()), entry.succeeded ? "Succeeded" : "Failed",
                entry.message,
            ])
        }
        Terminal.standardOutput.write(table.render())
    }
}
