import ArgumentParser
import Engine
import FleetModel
import Foundation
import Generators
import Reconcile
import Registry

/// `flotilla generate`: print the Applications a fleet expands to.
struct GenerateCommand: AsyncParsableCommand {
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

            Git generators read their repositories through the mirrors in $FLOTILLA_HOME/repos             (fetched once per repository per run); with --offline, from the mirrors as they are,             failing when a repository has none.

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

    @Flag(help: "Read git generators' repositories from their mirrors without fetching.")
    var offline = false

    func run() async throws {
        let applications: [GeneratedApplication]
        let violations: [ProjectViolation]
        do {
            let fleet = try FleetLoader.load(paths: paths.isEmpty ? ["fleets"] : paths)
            let clusters =
                try clustersFile.map { file throws(FleetModelError) in
                    try Cluster.list(from: YAMLLoader.load(contentsOf: URL(fileURLWithPath: file), displayPath: file))
                } ?? RegistryAccess.openExisting()?.clusters().map(\.cluster)
            let repositories = try await RepositorySnapshots.load(for: fleet, reader: treeReader())
            applications = try FleetExpander(
                expander: ApplicationSetExpander(clusters: clusters, repositories: repositories)
            ).applications(of: fleet)
            violations = try Self.projectViolations(applications, of: fleet, clusters: clusters)
        } catch {
            throw CommandFailure(error)
        }
        guard violations.isEmpty else {
            throw CommandFailure(violations.map(\.description).joined(separator: "\nerror: "))
        }
        output.write(applications.map(\.application), to: Terminal.standardOutput)
        Terminal.standardOutput.flush()
    }

    /// Git generators' repositories come from the mirrors sources use; local ones only from
    /// under the fleet file's folder, as for `sync`.
    private func treeReader() throws -> MirrorTreeReader {
        let renderer = SourceRenderer(
            cacheDirectory: FlotillaHome.fromEnvironment().path + "/repos", localSources: .within([]),
            credentials: try RegistryAccess.openExisting()?.repositoryCredentials ?? .none)
        return MirrorTreeReader(renderer: renderer, offline: offline)
    }

    /// The sources and destinations the Applications' projects refuse, each at its file and line.
    private static func projectViolations(
        _ applications: [GeneratedApplication], of fleet: Fleet, clusters: [Cluster]?
    ) throws -> [ProjectViolation] {
        let check = ProjectCheck(catalog: try ProjectCatalog(fleet), clusters: clusters)
        var violations: [ProjectViolation] = []
        for generated in applications {
            violations += check.violations(of: generated, in: try check.project(of: generated))
        }
        return violations
    }
}
