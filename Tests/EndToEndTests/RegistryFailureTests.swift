import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// A wrong key, a damaged registry, one written by a newer Flotilla: every command says so
/// in one sentence, exits 2 and writes nothing (issue 20).
@Suite("Registry failures")
struct RegistryFailureTests {
    static let fleet = ErrorMessageTests.fleet

    /// The commands a user runs against a registry.
    static func commands(_ fleetFile: String) -> [[String]] {
        [
            ["sync", fleetFile], ["diff", fleetFile], ["status"], ["status", "--refresh", fleetFile],
            ["history", "web"], ["rollback", "web", "1", fleetFile], ["cluster", "list"], ["cluster", "check"],
            ["registry", "backup", "/tmp/flotilla-never-\(UUID().uuidString).db"],
        ]
    }

    @Test("a wrong key, or a replaced key file, stops a sync at once: exit 2, one sentence, nothing recorded")
    func wrongKey() async throws {
        try await FleetHarness.with(["prod"]) { fleet, session in
            try await FleetHarness.register(["prod"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["apps/web/all.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
            #expect(try await session.run(["sync", fleetFile]).status == 0)
            let before = try await session.run(["status", "-o", "json"]).standardOutput
            await fleet.members[0].cluster.resetStatistics()

            let wrong = try await session.run(
                ["sync", fleetFile], environment: ["FLOTILLA_KEY": String(repeating: "22", count: 32)])
            #expect(wrong.status == 2)
            #expect(wrong.standardOutput.isEmpty)
            #expect(
                wrong.standardError
                    == "error: the key in FLOTILLA_KEY does not open the credentials in \(session.home)/flotilla.db "
                    + "(they were sealed with another key)\n")
            #expect(try await session.run(["status", "-o", "json"]).standardOutput == before, "nothing recorded")
            #expect(await fleet.members[0].cluster.currentStatistics().requestsByMethod.isEmpty, "no cluster contacted")

            let keyFile = session.home + "/key"
            let original = try Data(contentsOf: URL(fileURLWithPath: keyFile))
            try Data(repeating: 7, count: 32).write(to: URL(fileURLWithPath: keyFile))
            let replaced = try await session.run(["diff", fleetFile])
            try original.write(to: URL(fileURLWithPath: keyFile))
            #expect(replaced.status == 2)
            #expect(replaced.standardError.contains("the key in \(keyFile) does not open the credentials in"))
            #expect(try await session.run(["status", "-o", "json"]).standardOutput == before)
        }
    }

    /// Runs every command against the registry as it is and checks the same sentence, exit 2
    /// and an unchanged file.
    static func expectRefused(_ session: FlotillaSession, _ sentence: String) async throws {
        let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
        let database = session.home + "/flotilla.db"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        for command in Self.commands(fleetFile) {
            let result = try await session.run(command)
            #expect(result.status == 2, "\(command): \(result.standardError)")
            #expect(
                result.standardError.hasPrefix("error: \(database): cannot open the registry: "),
                "\(command): \(result.standardError)")
            #expect(result.standardError.contains(sentence), "\(command): \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "one sentence: \(result.standardError)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == bytes, "the registry file is untouched")
    }

    @Test("a truncated registry: every command exits 2 with one clear sentence, and the file is left byte for byte")
    func damaged() async throws {
        let session = try FlotillaSession()
        defer { session.remove() }
        let kubeconfig = ClusterCommandTests.kubeconfigs + "/kind.yaml"
        #expect(try await session.run(["cluster", "add", "--kubeconfig", kubeconfig, "--all-contexts"]).status == 0)
        #expect(try await session.run(["registry", "check"]).standardOutput == "\(session.home)/flotilla.db: ok\n")
        let backup = session.folder.path + "/backup.db"
        let backedUp = try await session.run(["registry", "backup", backup])
        #expect(backedUp.status == 0, "\(backedUp.standardError)")

        let database = session.home + "/flotilla.db"
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let whole = try Data(contentsOf: URL(fileURLWithPath: database))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: database))
        try await Self.expectRefused(session, "database disk image is malformed")
        let check = try await session.run(["registry", "check"])
        #expect(check.status == 1)
        #expect(check.standardError.contains("restore a copy made with `flotilla registry backup FILE`"))

        try FileManager.default.removeItem(atPath: database)
        try FileManager.default.copyItem(atPath: backup, toPath: database)
        #expect(try await session.run(["registry", "check"]).status == 0, "the backup is a sound registry")
        let listed = try await session.run(["cluster", "list", "-o", "name"])
        #expect(listed.status == 0 && !listed.standardOutput.isEmpty, "\(listed.standardError)")
    }

    @Test("a registry written by a newer Flotilla is refused by every command, not migrated or written")
    func newerSchema() async throws {
        let session = try FlotillaSession()
        defer { session.remove() }
        let kubeconfig = ClusterCommandTests.kubeconfigs + "/kind.yaml"
        #expect(try await session.run(["cluster", "add", "--kubeconfig", kubeconfig, "--all-contexts"]).status == 0)
        let database = session.home + "/flotilla.db"
        let insert = try await CommandLineTool.run(
            "sqlite3", [database, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')"])
        #expect(insert.status == 0, "\(insert.standardError)")
        _ = try await CommandLineTool.run("sqlite3", [database, "PRAGMA wal_checkpoint(TRUNCATE)"])
        try await Self.expectRefused(session, "written by a newer Flotilla (schema v99-from-the-future)")
    }
}
