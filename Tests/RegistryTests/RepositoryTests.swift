import FleetTesting
import Foundation
import GRDB
import Testing

@testable import Registry

/// Stored repositories and credential templates (issue 17): sealed like cluster credentials,
/// chosen for a URL as Argo CD chooses them.
@Suite("Repository credentials")
struct RepositoryTests {
    static let key =
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n"

    private func withRegistry(_ body: (Registry) throws -> Void) throws {
        try withTemporaryRegistry { registry, _ in try body(registry) }
    }

    @Test("round trip: listings show kinds only; the access opens every secret; the files hold none in clear")
    func roundTrip() throws {
        try withRegistry { registry in
            let knownHosts = "[127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyLineForTheTest\n"
            try registry.addRepository(
                RepositoryRegistration(
                    url: "ssh://git@127.0.0.1:2222/srv/app.git", scope: .repository,
                    credential: .sshKey(privateKey: Self.key, knownHosts: knownHosts, insecureIgnoreHostKey: false)),
                replace: false)
            try registry.addRepository(
                RepositoryRegistration(
                    url: "https://git.example.com/team", scope: .template,
                    credential: .password(username: "deploy", password: "pa55-word-in-the-registry")),
                replace: false)
            try registry.addRepository(
                RepositoryRegistration(
                    url: "https://tokens.example.com", scope: .template,
                    credential: .bearerToken("bearer-token-in-the-registry"), insecureSkipServerVerification: true),
                replace: false)

            let records = try registry.repositories()
            #expect(
                records.map(\.url) == [
                    "ssh://git@127.0.0.1:2222/srv/app.git", "https://git.example.com/team",
                    "https://tokens.example.com",
                ])
            #expect(records.map(\.credentialKind) == [.sshKey, .password, .bearerToken])
            #expect(records.map(\.scope) == [.repository, .template, .template])
            #expect(records[0].hasKnownHosts && !records[0].insecureIgnoreHostKey)
            #expect(records[1].username == "deploy")
            #expect(records[2].insecureSkipServerVerification)

            let ssh = try #require(try registry.repositoryAccess(for: "ssh://git@127.0.0.1:2222/srv/app.git"))
            #expect(
                ssh.credential == .sshKey(privateKey: Self.key, knownHosts: knownHosts, insecureIgnoreHostKey: false))
            let https = try #require(try registry.repositoryAccess(for: "https://git.example.com/team/app.git"))
            #expect(https.credential == .password(username: "deploy", password: "pa55-word-in-the-registry"))
            #expect(https.scope == .template && https.matchedURL == "https://git.example.com/team")
            let token = try #require(try registry.repositoryAccess(for: "https://tokens.example.com/x/y"))
            #expect(token.credential == .bearerToken("bearer-token-in-the-registry"))
            #expect(token.insecureSkipServerVerification)
            #expect(try registry.repositoryAccess(for: "https://elsewhere.example.com/app") == nil)

            let files = try FileManager.default.contentsOfDirectory(atPath: registry.home.path)
                .filter { $0.hasPrefix("flotilla.db") }
            #expect(files.contains("flotilla.db-wal"))
            var sawURL = false
            for file in files {
                let bytes = try #require(FileManager.default.contents(atPath: registry.home.path + "/" + file))
                for secret in [
                    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", "OPENSSH PRIVATE KEY", "HostKeyLineForTheTest",
                    "pa55-word-in-the-registry", "bearer-token-in-the-registry",
                ] {
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds \(secret) in clear")
                }
                sawURL = sawURL || bytes.range(of: Data("tokens.example.com".utf8)) != nil
            }
            #expect(sawURL, "the check reads the bytes the rows are in")
        }
    }

    @Test("a sealed blob copied to another row does not open")
    func sealedPerRow() throws {
        try withRegistry { registry in
            for url in ["https://a.example.com/app", "https://b.example.com/app"] {
                try registry.addRepository(
                    RepositoryRegistration(
                        url: url, scope: .repository, credential: .bearerToken("token-of-\(url)")),
                    replace: false)
            }
            try registry.pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE repository SET sealedSecrets =
                          (SELECT sealedSecrets FROM repository WHERE url = 'https://a.example.com/app')
                        WHERE url = 'https://b.example.com/app'
                        """)
            }
            #expect(throws: RegistryError.self) {
                _ = try registry.repositoryAccess(for: "https://b.example.com/app")
            }
        }
    }

    @Test("an entry is replaced only with upsert, keeping when it was made; remove names what is stored")
    func upsertAndRemove() throws {
        try withRegistry { registry in
            let first = RepositoryRegistration(
                url: "https://git.example.com/app.git", scope: .repository, credential: .bearerToken("one"))
            #expect(try registry.addRepository(first, replace: false) == .added("https://git.example.com/app.git"))
            var second = first
            second.credential = .password(username: "u", password: "two")
            #expect(throws: RepositoryError.alreadyStored(url: first.url, scope: .repository)) {
                try registry.addRepository(second, replace: false)
            }
            var sameRepository = second
            sameRepository.url = "https://GIT.example.com/app/"
            #expect(throws: RepositoryError.alreadyStored(url: first.url, scope: .repository)) {
                try registry.addRepository(sameRepository, replace: false)
            }
            let created = try registry.repositories()[0].createdAt
            #expect(try registry.addRepository(second, replace: true) == .replaced(first.url))
            #expect(try registry.repositories().map(\.credentialKind) == [.password])
            #expect(try registry.repositories()[0].createdAt == created)
            #expect(
                try registry.repositoryAccess(for: "https://git.example.com/app")?.credential
                    == .password(username: "u", password: "two"))
            #expect(
                throws: RepositoryError.notStored(url: "https://x", scope: .repository, stored: [first.url])
            ) {
                try registry.removeRepository("https://x", scope: .repository)
            }
            #expect(throws: RepositoryError.notStored(url: first.url, scope: .template, stored: [])) {
                try registry.removeRepository(first.url, scope: .template)
            }
            try registry.removeRepository(first.url, scope: .repository)
            #expect(try registry.repositories().isEmpty)
            #expect(try registry.repositoryAccess(for: first.url) == nil)
        }
    }

    @Test("the migration v7-repositories comes right after v6-sync-initiator")
    func migrationOrder() {
        let names = RegistrySchema.migrator.migrations
        let v6 = names.firstIndex(of: "v6-sync-initiator")
        #expect(v6 != nil && names.firstIndex(of: "v7-repositories") == v6.map { $0 + 1 })
    }
}

/// Which entry applies to a URL.
@Suite("Repository matching")
struct RepositoryMatchingTests {
    static func record(
        _ url: String, _ scope: RepositoryScope, _ kind: RepositoryCredentialKind = .password
    )
        -> RepositoryRecord
    {
        RepositoryRecord(
            url: url, scope: scope, credentialKind: kind, username: nil, hasKnownHosts: false,
            insecureIgnoreHostKey: false, insecureSkipServerVerification: false, hasCertificateAuthority: false,
            createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
    }

    static let records = [
        record("https://git.example.com", .template),
        record("https://git.example.com/team", .template),
        record("https://git.example.com/team/app.git", .repository),
        record("https://git.example.com/team/bare", .repository, .none),
        record("git@git.example.com", .template),
        record("git@git.example.com:ops", .template),
        record("git@git.example.com:ops/special.git", .repository, .sshKey),
    ]

    @Test(
        "the repository's own entry wins, else the longest covering template; prefixes end at a path boundary; scp-like is ssh://; dot segments get nothing",
        arguments: [
            ("https://git.example.com/team/app.git", "https://git.example.com/team/app.git"),
            ("https://git.example.com/team/app", "https://git.example.com/team/app.git"),
            ("HTTPS://Git.Example.com/team/app/", "https://git.example.com/team/app.git"),
            ("https://git.example.com/team/other.git", "https://git.example.com/team"),
            ("https://git.example.com/team", "https://git.example.com/team"),
            ("https://git.example.com/teammate/app.git", "https://git.example.com"),
            ("https://git.example.com/bare", "https://git.example.com"),
            ("https://git.example.com/team/bare", "https://git.example.com/team"),
            ("https://git.example.com.evil.org/team/app.git", nil),
            ("https://git.example.com:8443/team/app.git", nil),
            ("https://other.example.com/team/app.git", nil),
            ("git@git.example.com:ops/app.git", "git@git.example.com:ops"),
            ("git@git.example.com:dev/app.git", "git@git.example.com"),
            ("git@git.example.com.evil.org:dev/app.git", nil),
            ("ssh://git@git.example.com/ops/app.git", "git@git.example.com:ops"),
            ("ssh://git@git.example.com/ops/special", "git@git.example.com:ops/special.git"),
            ("ssh://git@git.example.com:2222/ops/app.git", nil),
            ("ssh://other@git.example.com/ops/app.git", nil),
            ("https://git.example.com/team/../secret/app.git", nil),
            ("https://git.example.com/team/%2E%2E/secret/app.git", nil),
            ("https://git.example.com/team/./app.git", nil),
            ("git@git.example.com:ops/../dev/app.git", nil),
            ("git@git.example.com:../dev/app.git", nil),
        ] as [(String, String?)])
    func choice(url: String, expected: String?) {
        let choice = RepositoryMatching.choose(for: url, among: Self.records)
        #expect(choice.credentialSource?.url == expected)
    }

    @Test("a Helm repository's files take the longest covering entry of either scope; other hosts none")
    func helmFiles() {
        let records = [
            Self.record("https://charts.example.com", .template),
            Self.record("https://charts.example.com/stable", .repository),
        ]
        let covering = { (url: String) in RepositoryMatching.covering(url, among: records).credentialSource?.url }
        #expect(covering("https://charts.example.com/stable/index.yaml") == "https://charts.example.com/stable")
        #expect(covering("https://charts.example.com/stable/web-1.0.0.tgz") == "https://charts.example.com/stable")
        #expect(covering("https://charts.example.com/incubator/index.yaml") == "https://charts.example.com")
        #expect(covering("https://cdn.example.net/stable/web-1.0.0.tgz") == nil)
        #expect(covering("https://charts.example.com/stable/../private/web-1.0.0.tgz") == nil)
    }

    @Test(
        "oci:// registries match as repositories do: own entry, else the longest template at a boundary; never another scheme's entry",
        arguments: [
            ("oci://registry.example.com/charts", "oci://registry.example.com/charts"),
            ("OCI://Registry.Example.com/charts/", "oci://registry.example.com/charts"),
            ("oci://registry.example.com/charts/team", "oci://registry.example.com"),
            ("oci://registry.example.com/chartsmore", "oci://registry.example.com"),
            ("oci://registry.example.com:5000/charts", nil),
            ("oci://registry.example.com.evil.org/charts", nil),
            ("oci://registry.example.com/charts/../private", nil),
            ("https://registry.example.com/charts", nil),
        ] as [(String, String?)])
    func ociChoice(url: String, expected: String?) {
        let records = [
            Self.record("oci://registry.example.com", .template),
            Self.record("oci://registry.example.com/charts", .repository),
        ]
        #expect(RepositoryMatching.choose(for: url, among: records).credentialSource?.url == expected)
    }

    @Test("a repository stored without a credential keeps its own server checks and takes a template's credential")
    func ownChecksTemplateCredential() {
        let choice = RepositoryMatching.choose(for: "https://git.example.com/team/bare.git", among: Self.records)
        #expect(choice.repository?.url == "https://git.example.com/team/bare")
        #expect(choice.credentialSource?.url == "https://git.example.com/team")
    }
}
