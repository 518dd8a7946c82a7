import FleetModel
import Foundation
import Generators

/// Expands the fleet of one fixture folder: `fleet.yaml`, with `clusters.yaml` when present.
enum FixtureExpansion {
    static func applications(in folder: String) throws -> [GeneratedApplication] {
        let fleet = try FleetLoader.load(paths: [folder + "/fleet.yaml"])
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
        guard let text = try? String(contentsOfFile: folder + "/expected-error.txt", encoding: .utf8) else {
            return nil
        }
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
