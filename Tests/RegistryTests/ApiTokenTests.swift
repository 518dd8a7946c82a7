import FleetTesting
import Foundation
import Testing

@testable import Registry

@Suite("API tokens")
struct ApiTokenTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func withRegistry(_ body: (Registry) throws -> Void) throws {
        try withTemporaryRegistry { registry, _ in try body(registry) }
    }

    @Test("a secret is flt_ and 32 random bytes in base64url; the registry keeps its SHA-256 and finds it by it")
    func createAndLookUp() throws {
        try withRegistry { registry in
            let created = try registry.createToken(
                name: "ci", role: .operator, projects: ["web", "shop", "web"], expiresAt: nil, now: Self.start)
            #expect(created.secret.range(of: #"^flt_[A-Za-z0-9_-]{43}$"#, options: .regularExpression) != nil)
            #expect(created.token.secretHash == ApiTokenSecret.hash(created.secret))
            #expect(created.token.secretHash.range(of: #"^[0-9a-f]{64}$"#, options: .regularExpression) != nil)
            #expect(created.token.projects == ["shop", "web"])
            #expect("\(created.token)" == "token \"ci\" (operator, shop,web)", "printed without its hash")
            let other = try registry.createToken(
                name: "ops", role: .admin, projects: [], expiresAt: nil, now: Self.start)
            #expect(other.secret != created.secret)

            let identity = try registry.identity(presenting: created.secret, now: Self.start)
            #expect(identity == ApiIdentity(name: "ci", role: .operator, projects: ["shop", "web"]))
            #expect(try registry.identity(presenting: other.secret, now: Self.start)?.role == .admin)
            #expect(try registry.identity(presenting: created.secret + "x", now: Self.start) == nil)
            #expect(try registry.identity(presenting: "flt_unknown", now: Self.start) == nil)
            #expect(
                try registry.identity(presenting: created.token.secretHash, now: Self.start) == nil,
                "the hash is no key")
            #expect(try registry.identity(presenting: "", now: Self.start) == nil)
        }
    }

    @Test("a token works until its expiry, not at it")
    func expiry() throws {
        try withRegistry { registry in
            let expiresAt = Self.start.addingTimeInterval(30 * 86400)
            let created = try registry.createToken(
                name: "short", role: .viewer, projects: [], expiresAt: expiresAt, now: Self.start)
            #expect(try registry.identity(presenting: created.secret, now: expiresAt.addingTimeInterval(-1)) != nil)
            #expect(try registry.identity(presenting: created.secret, now: expiresAt) == nil)
            #expect(try registry.apiTokens().map { $0.status(at: expiresAt) } == [.expired])
            #expect(throws: ApiTokenError.expiryInPast(name: "late")) {
                try registry.createToken(
                    name: "late", role: .viewer, projects: [], expiresAt: Self.start, now: Self.start)
            }
        }
    }

    @Test("a revoked token stops at once; its name may be used again; a name not revoked may not")
    func revokeAndReuse() throws {
        try withRegistry { registry in
            let first = try registry.createToken(
                name: "ci", role: .operator, projects: [], expiresAt: nil, now: Self.start)
            _ = try registry.createToken(name: "dash", role: .viewer, projects: [], expiresAt: nil, now: Self.start)
            #expect(throws: ApiTokenError.nameInUse("ci")) {
                try registry.createToken(name: "ci", role: .admin, projects: [], expiresAt: nil, now: Self.start)
            }
            #expect(throws: ApiTokenError.unknownName("nope", revocable: ["ci", "dash"])) {
                try registry.revokeToken(named: "nope", now: Self.start)
            }
            let later = Self.start.addingTimeInterval(10)
            try registry.revokeToken(named: "ci", now: later)
            #expect(try registry.identity(presenting: first.secret, now: later) == nil)
            #expect(throws: ApiTokenError.unknownName("ci", revocable: ["dash"])) {
                try registry.revokeToken(named: "ci", now: later)
            }

            let second = try registry.createToken(name: "ci", role: .viewer, projects: [], expiresAt: nil, now: later)
            #expect(try registry.identity(presenting: second.secret, now: later)?.role == .viewer)
            #expect(try registry.identity(presenting: first.secret, now: later) == nil, "the old secret stays revoked")
            let listed = try registry.apiTokens()
            #expect(listed.map(\.name) == ["ci", "ci", "dash"])
            #expect(listed.map { $0.status(at: later) } == [.revoked, .active, .active])
            #expect(listed[0].revokedAt == later)
        }
    }

    @Test("an expired token keeps its name until it is revoked")
    func expiredNameInUse() throws {
        try withRegistry { registry in
            let expiresAt = Self.start.addingTimeInterval(60)
            _ = try registry.createToken(
                name: "old", role: .viewer, projects: [], expiresAt: expiresAt, now: Self.start)
            let later = expiresAt.addingTimeInterval(1)
            #expect(throws: ApiTokenError.nameInUse("old")) {
                try registry.createToken(name: "old", role: .viewer, projects: [], expiresAt: nil, now: later)
            }
            try registry.revokeToken(named: "old", now: later)
            _ = try registry.createToken(name: "old", role: .viewer, projects: [], expiresAt: nil, now: later)
        }
    }

    @Test(
        "names and projects are checked before anything is written",
        arguments: ["", "-x", "a b", "ü", String(repeating: "a", count: 64)])
    func invalidNames(name: String) throws {
        try withRegistry { registry in
            #expect(throws: ApiTokenError.invalidName(name)) {
                try registry.createToken(name: name, role: .viewer, projects: [], expiresAt: nil, now: Self.start)
            }
            #expect(throws: ApiTokenError.invalidProject("Shop")) {
                try registry.createToken(
                    name: "ok", role: .viewer, projects: ["web", "Shop"], expiresAt: nil, now: Self.start)
            }
            let tokens = try registry.apiTokens()
            #expect(tokens.isEmpty)
        }
    }

    @Test("lastUsedAt is written at most once a minute per token, however many lookups")
    func lastUsedThrottled() throws {
        try withRegistry { registry in
            let created = try registry.createToken(
                name: "ci", role: .viewer, projects: [], expiresAt: nil, now: Self.start)
            let lastUsed = { try registry.apiTokens()[0].lastUsedAt }
            #expect(try lastUsed() == nil)
            #expect(try registry.identity(presenting: created.secret, now: Self.start) != nil)
            #expect(try lastUsed() == Self.start)

            let wal = registry.home.databasePath + "-wal"
            let walSize = { (try FileManager.default.attributesOfItem(atPath: wal)[.size] as? NSNumber)?.intValue }
            let before = try walSize()
            for second in 1...300 {
                let now = Self.start.addingTimeInterval(Double(second) / 10)
                #expect(try registry.identity(presenting: created.secret, now: now) != nil)
            }
            #expect(try lastUsed() == Self.start, "within the minute nothing is written")
            #expect(try walSize() == before, "no commit reached the write-ahead log")

            let minuteLater = Self.start.addingTimeInterval(61)
            #expect(try registry.identity(presenting: created.secret, now: minuteLater) != nil)
            #expect(try lastUsed() == minuteLater)

            // Another process (a second Registry) reads the recorded use and does not write either.
            let other = try #require(try Registry.open(home: registry.home, environment: [:], create: false))
            let walAfter = try walSize()
            #expect(try other.identity(presenting: created.secret, now: minuteLater.addingTimeInterval(30)) != nil)
            #expect(try lastUsed() == minuteLater)
            #expect(try walSize() == walAfter)
        }
    }

    @Test("concurrent lookups all succeed and record one use")
    func concurrentLookups() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let registry = try #require(
            try Registry.open(home: FlotillaHome(path: folder.path + "/home"), environment: [:], create: true))
        let created = try registry.createToken(name: "ci", role: .viewer, projects: [], expiresAt: nil, now: Self.start)
        let secret = created.secret
        let found = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let now = Self.start.addingTimeInterval(Double(index % 50) / 10)
                    return (try? registry.identity(presenting: secret, now: now)) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(found == 200)
        let lastUsedAt = try #require(try registry.apiTokens()[0].lastUsedAt)
        #expect(lastUsedAt >= Self.start && lastUsedAt < Self.start.addingTimeInterval(5))
    }

    @Test("the database, its WAL and shared memory never hold a secret")
    func noSecretInFiles() throws {
        try withRegistry { registry in
            var secrets: [String] = []
            for name in ["a", "b", "c"] {
                let created = try registry.createToken(
                    name: name, role: .admin, projects: ["web"], expiresAt: nil, now: Self.start)
                secrets.append(created.secret)
                _ = try registry.identity(presenting: created.secret, now: Self.start)
            }
            try registry.revokeToken(named: "b", now: Self.start)
            let files = try FileManager.default.contentsOfDirectory(atPath: registry.home.path)
                .filter { $0.hasPrefix("flotilla.db") }
            #expect(files.contains("flotilla.db") && files.contains("flotilla.db-wal"))
            let contents = try files.map { file in
                (file, try #require(FileManager.default.contents(atPath: registry.home.path + "/" + file)))
            }
            for (file, bytes) in contents {
                for secret in secrets {
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds a secret")
                    #expect(bytes.range(of: Data(secret.dropFirst(4).utf8)) == nil, "\(file) holds a secret's body")
                }
            }
            for hash in try registry.apiTokens().map(\.secretHash) {
                let stored = contents.contains { $0.1.range(of: Data(hash.utf8)) != nil }
                #expect(stored, "the check reads the bytes the rows are in")
            }
        }
    }

    @Test("roles include the ones below; a limited identity sees its projects only")
    func identityHelpers() {
        #expect(ApiRole.viewer < .operator && ApiRole.operator < .admin)
        #expect(ApiRole.allCases.sorted() == [.viewer, .operator, .admin])
        let viewer = ApiIdentity(name: "v", role: .viewer, projects: [])
        let limitedOperator = ApiIdentity(name: "o", role: .operator, projects: ["web"])
        let admin = ApiIdentity(name: "a", role: .admin, projects: [])
        #expect(viewer.permits(.viewer) && !viewer.permits(.operator) && !viewer.permits(.admin))
        #expect(
            limitedOperator.permits(.viewer) && limitedOperator.permits(.operator) && !limitedOperator.permits(.admin))
        #expect(admin.permits(.admin))
        #expect(viewer.canSee(project: "web") && viewer.canSee(project: nil) && viewer.canSee(project: "other"))
        #expect(limitedOperator.canSee(project: "web"))
        #expect(!limitedOperator.canSee(project: "shop"))
        #expect(!limitedOperator.canSee(project: nil), "an unknown project is hidden from a limited identity")
    }
}
