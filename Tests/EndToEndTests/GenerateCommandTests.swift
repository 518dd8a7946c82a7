import FleetModel
import FleetTesting
import Foundation
import Testing

/// `flotilla generate` run as a user runs it: the built binary, in a folder of
/// fleet files, with its stdout, stderr and exit status held to golden files.
@Suite("flotilla generate, end to end")
struct GenerateCommandTests {
    static let cases = Fixtures.folder() + "/generate"

    @Test("each case prints its golden output and exits with its golden status", arguments: Fixtures.cases(in: cases))
    func golden(name: String) async throws {
        let folder = Self.cases + "/" + name
        let arguments = try String(contentsOfFile: folder + "/command", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let result = try await FlotillaProcess.run(arguments, in: folder)
        for (actual, file) in [
            (result.standardOutput, "expected-stdout"), (result.standardError, "expected-stderr"),
            ("\(result.status)\n", "expected-status"),
        ] {
            let mismatch = Golden.mismatch(actual, goldenAt: folder + "/" + file)
            #expect(mismatch == nil, "\(mismatch ?? "")")
        }
        if result.status != 0 {
            #expect(result.standardOutput.isEmpty, "a failing run prints nothing on stdout")
            #expect(result.standardError.hasPrefix("error: "))
        }
    }

    @Test("the example fleets expand to their golden Applications in every output format")
    func examples() async throws {
        let root = Fixtures.repositoryRoot()
        let clusters = ["--clusters", "fleets/clusters.example.yaml"]
        let yaml = try await FlotillaProcess.run(["generate", "fleets/"] + clusters, in: root)
        #expect(yaml.status == 0, "\(yaml.standardError)")
        #expect(yaml.standardError.isEmpty)
        let mismatch = Golden.mismatch(yaml.standardOutput, goldenAt: Fixtures.folder() + "/examples.yaml")
        #expect(mismatch == nil, "\(mismatch ?? "")")

        let json = try await FlotillaProcess.run(["generate"] + clusters + ["-o", "json"], in: root)
        #expect(json.status == 0)
        let list = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let items = try #require(list?["items"] as? [[String: Any]])
        let documents = try YAMLLoader.load(yaml.standardOutput, file: "stdout")
        #expect(items.count == documents.count)
        #expect(list?["kind"] as? String == "List")
        // The JSON and YAML outputs hold the same documents.
        let fromJSON = try YAMLLoader.load(json.standardOutput, file: "json").first?.value["items"]
        #expect(fromJSON == .array(documents.map(\.value)))

        let names = try await FlotillaProcess.run(["generate"] + clusters + ["-o", "name"], in: root)
        let expectedNames = documents.compactMap { $0.value["metadata"]?["name"]?.stringValue }
            .map { "application.argoproj.io/\($0)" }
        #expect(names.standardOutput.split(separator: "\n").map(String.init) == expectedNames)
    }

    @Test("--help describes generate and exits 0")
    func help() async throws {
        let result = try await FlotillaProcess.run(["generate", "--help"], in: Fixtures.repositoryRoot())
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("--clusters"))
        #expect(result.standardOutput.contains("AppProjects are checked"))
        #expect(
            result.standardOutput.contains(
                "Exit status: 0 on success, 1 on an invalid fleet or a project violation, 2 on\nbad usage."))
    }
}
