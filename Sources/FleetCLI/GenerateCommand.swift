import ArgumentParser
import FleetModel
import Foundation
import Generators

/// `flotilla generate`: print the Applications a fleet expands to.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Expand fleet files into Argo CD Applications, touching no cluster.",
        discussion: """
            PATH is a fleet file or a folder, read recursively for *.yaml and *.yml (folders named \
            templates/ hold shared templates and are skipped). Applications are printed in fleet \
            file order, then generation order. Clusters generators select from the registry \
            (flotilla cluster add), or from --clusters FILE when given.

            Exit status: 0 on success, 1 on an invalid fleet, 2 on bad usage.
            """
    )

    @Argument(help: ArgumentHelp("Fleet files or folders (default: fleets/).", valueName: "path"))
    var paths: [String] = []

    @Option(
        name: .customLong("clusters"),
        help: ArgumentHelp("A clusters file: a ClusterList document or a YAML list of clusters.", valueName: "file"))
    var clustersFile: String?

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp("Output format: yaml, json or name.", valueName: "format"))
    var output: ApplicationOutputFormat = .yaml

    func run() throws {
        let applications: [GeneratedApplication]
        do {
            let fleet = try FleetLoader.load(paths: paths.isEmpty ? ["fleets"] : paths)
            let clusters =
                try clustersFile.map { file throws(FleetModelError) in
                    try Cluster.list(from: YAMLLoader.load(contentsOf: URL(fileURLWithPath: file), displayPath: file))
                } ?? RegistryAccess.openExisting()?.clusters().map(\.cluster)
            applications = try FleetExpander(expander: ApplicationSetExpander(clusters: clusters)).applications(
                of: fleet)
        } catch {
            throw CommandFailure(error)
        }
        output.write(applications.map(\.application), to: Terminal.standardOutput)
        Terminal.standardOutput.flush()
    }
}
