import ArgumentParser
import FleetModel

/// `flotilla cluster show`.
struct ClusterShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one registered cluster; secrets read <redacted>.")

    @Argument(help: "The cluster's name.")
    var name: String

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("yaml or json.", valueName: "format"))
    var output: Format = .yaml

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case yaml, json
    }

    func run() throws {
        do {
            guard let registry = try RegistryAccess.openExisting() else {
                throw CommandFailure("cluster \"\(name)\" is not registered")
            }
            let document = ClusterDocument.item(try registry.cluster(named: name))
            Terminal.standardOutput.write(output == .yaml ? YAMLWriter.document(document) : JSONWriter.pretty(document))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(error)
        }
    }
}
