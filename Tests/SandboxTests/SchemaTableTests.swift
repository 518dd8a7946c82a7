import FleetTesting
import Foundation
import Testing

/// The sandbox's built-in schema table is what the generator makes of the real server's
/// OpenAPI documents, not a hand-kept copy that drifts.
@Suite("The generated schema table") struct SchemaTableTests {
    static let openAPIFolder =
        ((Fixtures.repositoryRoot() as NSString).deletingLastPathComponent as NSString)
        .appendingPathComponent("shared/kube-api/openapi-v3")

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: openAPIFolder),
            "../shared/kube-api/openapi-v3 is absent: the table cannot be regenerated"))
    func theCommittedTableIsWhatTheGeneratorMakesOfTheOpenAPIDocuments() async throws {
        let root = Fixtures.repositoryRoot()
        let generated = try await CommandLineTool.run(
            "python3", ["\(root)/scripts/generate-schema-tables.py", "--openapi", Self.openAPIFolder, "--stdout"])
        #expect(generated.status == 0)
        let committed = FileManager.default.contents(atPath: "\(root)/Sources/Sandbox/BuiltInSchemaTable+Text.swift")
        #expect(
            committed.map { String(decoding: $0, as: UTF8.self) } == generated.standardOutput,
            "Sources/Sandbox/BuiltInSchemaTable+Text.swift is stale: run python3 scripts/generate-schema-tables.py")
    }
}
