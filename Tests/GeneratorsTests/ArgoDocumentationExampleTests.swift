import FleetModel
import FleetTesting
import Foundation
import Testing

/// Argo CD's documentation examples for the list, cluster, matrix and merge
/// generators, rewritten with `<< >>`; expected outputs worked out from the
/// documentation's text and compared as documents (key order aside).
@Suite("Argo CD documentation examples")
struct ArgoDocumentationExampleTests {
    static let folder = Fixtures.folder() + "/argocd"

    @Test("each example expands as the documentation says", arguments: Fixtures.cases(in: folder))
    func example(name: String) throws {
        let caseFolder = Self.folder + "/" + name
        if let errorLines = FixtureExpansion.expectedErrorLines(in: caseFolder) {
            do {
                let applications = try FixtureExpansion.applications(in: caseFolder)
                Issue.record("expected an error, got \(applications.count) Applications")
            } catch {
                for line in errorLines {
                    #expect(error.localizedDescription.contains(line), "\(error.localizedDescription)")
                }
            }
            return
        }
        let actual = try FixtureExpansion.applications(in: caseFolder).map(\.application.document)
        let expected = try YAMLLoader.load(
            contentsOf: URL(fileURLWithPath: caseFolder + "/expected.yaml"), displayPath: "expected.yaml"
        )
        .map(\.value)
        #expect(actual.count == expected.count)
        for (index, (got, want)) in zip(actual, expected).enumerated() {
            #expect(
                got == want,
                "Application #\(index + 1):\n\(YAMLWriter.document(got))\nexpected:\n\(YAMLWriter.document(want))")
        }
    }
}
