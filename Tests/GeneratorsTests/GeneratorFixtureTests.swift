import FleetModel
import FleetTesting
import Foundation
import Testing

/// Every generator feature over fixture fleets, with golden outputs
/// (`FLOTILLA_UPDATE_GOLDENS=1` rewrites them), and every generator error with
/// the lines its message must hold.
@Suite("Generator fixtures")
struct GeneratorFixtureTests {
    static let outputs = Fixtures.folder() + "/generators"
    static let errors = Fixtures.folder() + "/generator-errors"

    @Test("each fleet expands to its golden Applications", arguments: Fixtures.cases(in: outputs))
    func golden(name: String) throws {
        let folder = Self.outputs + "/" + name
        let documents = try FixtureExpansion.applications(in: folder).map(\.application.document)
        let mismatch = Golden.mismatch(YAMLWriter.stream(documents), goldenAt: folder + "/expected.yaml")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test("each bad fleet fails with a located message", arguments: Fixtures.cases(in: errors))
    func error(name: String) throws {
        let folder = Self.errors + "/" + name
        let lines = try #require(FixtureExpansion.expectedErrorLines(in: folder), "no expected-error.txt in \(name)")
        do {
            let applications = try FixtureExpansion.applications(in: folder)
            Issue.record("expected an error, got \(applications.count) Applications")
        } catch {
            for line in lines {
                #expect(error.localizedDescription.contains(line), "\(error.localizedDescription)")
            }
        }
    }
}
