import FleetModel
import Foundation
import Generators

/// Expands the fleet of one fixture folder: `fleet.yaml`, with `clusters.yaml` when present.
enum FixtureExpansion {
    static func applications(in folder: String, fleetFile: String = "fleet.yaml") throws -> [GeneratedApplication] {
        let fleet = try FleetLoader.load(paths: [folder + "/" + fleetFile])
        let clustersFile = folder + "/clusters.yaml"
        var clusters: [Cluster]?
        if FileManager.default.fileExists(atPath: clustersFile) {
            clusters = try Cluster.list(
                from: YAMLLoader.load(contentsOf: URL(fileURLWithPath: clustersFile), displayPath: clustersFile))
        }
        return try FleetExpander(expander: ApplicationSetExpander(clusters: clusters)).applications(of: fleet)
    }

    /// The lines of `expected-error.txt`: every one must appear in the error message.
    static func expectedErrorLines(in folder: String) -> [String]? {
        lines(of: folder + "/expected-error.txt")
    }

    /// The non-empty lines of the file at `path`, nil when there is none.
    static func lines(of path: String) -> [String]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
