import FleetModel
import FleetTesting
import Foundation
import Generators
import Testing

/// Argo CD's documented examples as Argo CD users write them (`{{param}}`, `{{.param}}`):
/// each is converted (held to a golden file), and the converted fleet file expands to the
/// Applications Argo CD's controller makes of the original.
@Suite("Importing Argo CD's documented examples")
struct ArgoImportExampleTests {
    static let folder = Fixtures.folder() + "/argocd-import"

    @Test(
        "each example converts, and the conversion generates Argo CD's Applications",
        arguments: Fixtures.cases(in: folder))
    func example(name: String) throws {
        let caseFolder = Self.folder + "/" + name
        let input = try String(contentsOfFile: caseFolder + "/input.yaml", encoding: .utf8)
        let result = ArgoImporter.convert(input, file: "input.yaml")
        let expectedProblems = FixtureExpansion.lines(of: caseFolder + "/expected-problems.txt") ?? []
        #expect(result.problems.map(\.description) == expectedProblems)
        guard expectedProblems.isEmpty else { return }
        let output = try #require(result.output)
        let mismatch = Golden.mismatch(output, goldenAt: caseFolder + "/converted.yaml")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        // Examples whose generators Flotilla lacks here (git) are checked as text only.
        guard FileManager.default.fileExists(atPath: caseFolder + "/expected.yaml") else { return }
        #expect(result.invalid.isEmpty, "\(result.invalid)")
        let actual = try FixtureExpansion.applications(in: caseFolder, fleetFile: "converted.yaml")
            .map(\.application.document)
        let expected = try YAMLLoader.load(
            contentsOf: URL(fileURLWithPath: caseFolder + "/expected.yaml"), displayPath: "expected.yaml"
        ).map(\.value)
        #expect(actual.count == expected.count)
        for (index, (got, want)) in zip(actual, expected).enumerated() {
            #expect(
                got == want,
                "Application #\(index + 1):\n\(YAMLWriter.document(got))\nexpected:\n\(YAMLWriter.document(want))")
        }
    }
}
