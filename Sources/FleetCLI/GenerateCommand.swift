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

            AppProjects are checked: an Application naming an undefined project, or one whose \
            project refuses a source repository or its destination, is an error naming its file \
            and line.

            Exit status: 0 on success, 1 on an invalid fleet or a project violation, 2 on bad usage.
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
            try Self.checkProjects(applications, of: fleet, clusters: clusters)
        } catch {
            throw CommandFailure(error)
        }
        output.write(applications.map(\.application), to: Terminal.standardOutput)
        Terminal.standardOutput.flush()
    }

    /// Fails, listing each with its file and line, when projects refuse sources or destinations.
    private static func checkProjects(
        _ applications: [GeneratedApplication], of fleet: Fleet, clusters: [Cluster]?
    ) throws {
        let check = ProjectCheck(catalog: try ProjectCatalog(fleet), clusters: clusters)
        var violations: [ProjectViolation] = []
        for generated in applications {
            violations += check.violations(of: generated, in: try check.project(of: generated))
        }
        guard violations.isEmpty else {
            throw CommandFailure(violations.map(\.description).joined(separator: "\nerror: "))
        }
    }
}
