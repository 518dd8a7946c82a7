import Foundation
import KubeReplay
import Testing

@Suite struct TranscriptFixtureTests {
    @Test func theProjectCarriesEveryTranscript() {
        #expect(
            TranscriptFiles.scenarios == [
                "builtin-defaults", "immutable-fields", "optimistic-concurrency", "ssa-deployment-lifecycle",
                "ssa-pod-spec-lists", "ssa-service-atomic-selector", "unknown-types", "validation-errors",
            ])
    }

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: TranscriptFiles.sharedFolder),
            "../shared/kube-api/transcripts is absent: the copies cannot be checked"))
    func theCopiesAreByteIdenticalToTheSharedTranscripts() throws {
        let shared = TranscriptFiles.sharedFolder
        let originals = try FileManager.default.contentsOfDirectory(atPath: shared).filter { $0.hasSuffix(".json") }
        #expect(originals.sorted() == TranscriptFiles.scenarios.map { "\($0).json" })
        for file in originals {
            let original = FileManager.default.contents(atPath: (shared as NSString).appendingPathComponent(file))
            let copy = FileManager.default.contents(
                atPath: (TranscriptFiles.folder as NSString).appendingPathComponent(file))
            #expect(original != nil && original == copy, "\(file) differs from \(shared)/\(file)")
        }
    }

    @Test(arguments: TranscriptFiles.scenarios)
    func everyTranscriptParses(scenario: String) throws {
        let transcript = try TranscriptFiles.load(scenario)
        #expect(transcript.scenario == scenario)
        #expect(transcript.namespace == "tx-\(scenario)")
        #expect(!transcript.steps.isEmpty)
        #expect(transcript.steps.map(\.index) == Array(transcript.steps.indices))
    }
}
