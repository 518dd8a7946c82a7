import FleetTesting
import Foundation
import KubeReplay

/// The transcripts the project carries, and the shared originals they copy.
enum TranscriptFiles {
    /// `Fixtures/kube-api/transcripts` beside these tests.
    static let folder = (Fixtures.folder() as NSString).appendingPathComponent("kube-api/transcripts")

    /// `../shared/kube-api/transcripts` beside the repository, when it is there.
    static let sharedFolder =
        ((Fixtures.repositoryRoot() as NSString).deletingLastPathComponent as NSString)
        .appendingPathComponent("shared/kube-api/transcripts")

    /// The scenario names (file names without `.json`), sorted.
    static let scenarios: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()

    static func path(_ scenario: String) -> String {
        (folder as NSString).appendingPathComponent("\(scenario).json")
    }

    static func load(_ scenario: String) throws -> Transcript {
        try Transcript(contentsOf: path(scenario))
    }
}
