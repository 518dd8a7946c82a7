import FleetModel
import FleetTesting
import Foundation
import Registry
import Testing

/// `flotilla token` run as a user runs it (issue 16): the secret is printed once, alone on
/// the last line; nothing else — list, json, the registry files — ever shows it again.
@Suite("Token command")
struct TokenCommandTests {
    static let secretPattern = #"^flt_[A-Za-z0-9_-]{43}$"#

    @Test("create prints the secret once on the last line; list and json never show it; revoke stops it")
    func lifecycle() async throws {
        let session = try FlotillaSession()
        defer { session.remove() }
        let created = try await session.run(
            ["token", "create", "ci", "--role", "operator", "--expires", "1d12h", "--project", "shop,web"])
        #expect(created.status == 0, "\(created.standardError)")
        let lines = created.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty, "two lines, ending in a newline: \(lines.count)")
        #expect(lines[0].hasPrefix("token \"ci\" created: role operator, projects shop,web, expires 20"))
        let secret = String(lines[1])
        #expect(secret.range(of: Self.secretPattern, options: .regularExpression) != nil)
        #expect(created.standardError.contains("shown once"))
        #expect(!created.standardError.contains(secret))

        let home = FlotillaHome(path: session.home)
        let registry = try #require(try Registry.open(home: home, environment: [:], create: false))
        #expect(
            try registry.identity(presenting: secret, now: Date())
                == ApiIdentity(name: "ci", role: .operator, projects: ["shop", "web"]))

        let table = try await session.run(["token", "list"])
        #expect(table.status == 0)
        let rows = table.standardOutput.split(separator: "\n")
        #expect(rows.count == 2)
        #expect(
            rows[0].split(separator: " ", omittingEmptySubsequences: true) == [
                "NAME", "ROLE", "PROJECTS", "CREATED", "EXPIRES", "LAST-USED", "STATUS",
            ])
        let row = #"^ci +operator +shop,web +\d+s ago +in 35h +\d+s ago +active$"#
        #expect(rows[1].range(of: row, options: .regularExpression) != nil, "\(rows[1])")

        let json = try await session.run(["token", "list", "-o", "json"])
        #expect(json.status == 0)
        let documents = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
        #expect(documents.count == 1)
        #expect(documents.first?["name"] as? String == "ci")
        #expect(documents.first?["role"] as? String == "operator")
        #expect(documents.first?["projects"] as? [String] == ["shop", "web"])
        #expect(documents.first?["status"] as? String == "active")
        let createdAt = try #require(Self.date(documents.first?["createdAt"]))
        let expires = try #require(Self.date(documents.first?["expiresAt"]))
        #expect(expires.timeIntervalSince(createdAt) == 36 * 3600, "1d12h is 36 hours")
        let hash = try #require(try registry.apiTokens().first?.secretHash)
        for output in [table.standardOutput, json.standardOutput] {
            #expect(!output.contains(secret))
            #expect(!output.contains(secret.dropFirst(4)))
            #expect(!output.contains(hash))
        }

        let again = try await session.run(["token", "create", "ci", "--role", "viewer"])
        #expect(again.status == 2)
        #expect(again.standardOutput.isEmpty)
        #expect(
            again.standardError
                == "error: token \"ci\" exists already; revoke it first (flotilla token revoke ci) or choose another name\n"
        )

        let revoked = try await session.run(["token", "revoke", "ci"])
        #expect(revoked.status == 0, "\(revoked.standardError)")
        #expect(revoked.standardOutput == "token \"ci\" revoked\n")
        #expect(try registry.identity(presenting: secret, now: Date()) == nil)
        let afterRevoke = try await session.run(["token", "list"])
        #expect(afterRevoke.standardOutput.split(separator: "\n").last?.hasSuffix("revoked") == true)
        let twice = try await session.run(["token", "revoke", "ci"])
        #expect(twice.status == 2)
        #expect(twice.standardError == "error: no token \"ci\" to revoke; there is none\n")

        let reused = try await session.run(["token", "create", "ci", "--role", "viewer"])
        #expect(reused.status == 0, "a revoked token's name may be used again")
        #expect(reused.standardOutput.split(separator: "\n").last.map(String.init) != secret)

        for file in try FileManager.default.contentsOfDirectory(atPath: session.home) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: session.home + "/" + file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the secret")
        }
    }

    @Test("a bad role, duration, name or project: exit 2 with a clear message, nothing created")
    func badInput() async throws {
        let session = try FlotillaSession()
        defer { session.remove() }
        let role = try await session.run(["token", "create", "ci", "--role", "root"])
        #expect(role.status == 2)
        #expect(role.standardOutput.isEmpty)
        for name in ["viewer", "operator", "admin", "root"] {
            #expect(role.standardError.contains(name), "\(role.standardError)")
        }

        let duration = try await session.run(["token", "create", "ci", "--role", "viewer", "--expires", "30days"])
        #expect(duration.status == 2)
        #expect(
            duration.standardError.contains("\"30days\" is not a duration; write one such as 30d, 12h"),
            "\(duration.standardError)")
        let zero = try await session.run(["token", "create", "ci", "--role", "viewer", "--expires", "0d"])
        #expect(zero.status == 2)

        let name = try await session.run(["token", "create", "../ci", "--role", "viewer"])
        #expect(name.status == 2)
        #expect(name.standardError.hasPrefix("error: token name \"../ci\" is invalid"))
        let project = try await session.run(["token", "create", "ci", "--role", "viewer", "--project", "web,Bad Name"])
        #expect(project.status == 2)
        #expect(project.standardError.hasPrefix("error: project \"Bad Name\" is invalid"))

        let list = try await session.run(["token", "list", "-o", "json"])
        #expect(list.standardOutput == "[]\n")
        let revoke = try await session.run(["token", "revoke", "ci"])
        #expect(revoke.status == 2)
    }

    /// The RFC 3339 timestamp `value` holds, if it is one.
    static func date(_ value: Any?) -> Date? {
        (value as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
    }
}
