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
    func theCommittedTableIsWhatTheGeneratorMakesOfTheOpenAPIDocuments() throws {
        let root = Fixtures.repositoryRoot()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "\(root)/scripts/generate-schema-tables.py", "--openapi", Self.openAPIFolder, "--stdout",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let generated = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let committed = FileManager.default.contents(atPath: "\(root)/Sources/Sandbox/BuiltInSchemaTable+Text.swift")
        #expect(
            committed == generated,
            "Sources/Sandbox/BuiltInSchemaTable+Text.swift is stale: run python3 scripts/generate-schema-tables.py")
    }
}
