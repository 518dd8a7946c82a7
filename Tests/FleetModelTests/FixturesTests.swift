import FleetTesting
import Foundation
import Testing

/// Table tests over fixture folders must not pass by running no case at all.
@Suite("Fixture folders")
struct FixturesTests {
    @Test("a missing or empty fixture folder gives a case no test can load, never zero cases")
    func missing() throws {
        let missing = NSTemporaryDirectory() + "flotilla-no-such-fixtures-\(UUID().uuidString)"
        #expect(Fixtures.cases(in: missing) == [Fixtures.missingCase(missing)])
        let empty = try TemporaryFolder()
        defer { empty.remove() }
        #expect(Fixtures.cases(in: empty.path) == [Fixtures.missingCase(empty.path)])
        try empty.write("b/x.yaml", "")
        try empty.write("a/x.yaml", "")
        #expect(Fixtures.cases(in: empty.path) == ["a", "b"])
    }
}
