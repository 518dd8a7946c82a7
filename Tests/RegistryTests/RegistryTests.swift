import FleetModel
import FleetTesting
import Foundation
import KubeConfig
import Testing

@testable import Registry

@Suite("Cluster registry")
struct RegistryTests {
    static let certificate = Data(
        "-----BEGIN CERTIFICATE-----\nplanted-client-certificate-bytes\n-----END CERTIFICATE-----\n".utf8)
    static let key = Data(
        "-----BEGIN EC PRIVATE KEY-----\nplanted-private-key-bytes\n-----END EC PRIVATE KEY-----\n".utf8)
    static let authority = Data("-----BEGIN CERTIFICATE-----\nplanted-ca-bytes\n-----END CERTIFICATE-----\n".utf8)

    static func context(_ name: String, _ credential: Credential, ca: Data? = authority) -> ResolvedContext {
        ResolvedContext(
            contextName: name, clusterName: name, userName: name, file: "/kube/config",
            server: "https://\(name).example.com",
            certificateAuthority: ca, insecureSkipTLSVerify: false, tlsServerName: nil, proxyURL: nil, namespace: nil,
            credential: credential)
    }

    static let credentials: [Credential] = [
        .clientCertificate(certificate: certificate, key: key),
        .token("planted-bearer-token-0123456789"),
        .tokenFile(path: "/var/run/token", token: "planted-file-token-9876543210"),
        .exec(
            ExecPlugin(
                apiVersion: "client.authentication.k8s.io/v1", command: "aws", args: ["eks", "get-token"],
                env: [.init(name: "AWS_SECRET_ACCESS_KEY", value: "planted-exec-env-secret")], interactiveMode: "Never")
        ),
    ]

    private func withRegistry(
        environment: [String: String] = [:], _ body: (Registry, TemporaryFolder) throws -> Void
    ) throws {
        try withTemporaryRegistry(environment: environment, body)
    }

    @Test("a new registry is a 0700 folder with a 0600 database and a 0600 key")
    func permissions() throws {
        try withRegistry { registry, _ in
            _ = try registry.add(
                [ClusterRegistration(name: "a", context: Self.context("a", .token("t")))], replace: false)
            let attributes = { (path: String) in
                (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
            }
            #expect(try attributes(registry.home.path) == 0o700)
            #expect(try attributes(registry.home.databasePath) == 0o600)
            #expect(try attributes(registry.home.keyPath) == 0o600)
            #expect(FileManager.default.contents(atPath: registry.home.keyPath)?.count == 32)
        }
    }

    @Test("every credential kind is sealed and opens again", arguments: credentials)
    func roundTrip(credential: Credential) throws {
        try withRegistry { registry, _ in
            _ = try registry.add(
                [ClusterRegistration(name: "c", context: Self.context("c", credential))], replace: false)
            let secrets = try registry.secrets(of: "c")
            #expect(secrets.credential == credential)
            #expect(secrets.certificateAuthority == Self.authority)
            #expect(try registry.cluster(named: "c").credential.kind == credential.kind)
        }
    }

    @Test("the database files hold no byte of any planted secret")
    func noPlaintextSecrets() throws {
        try withRegistry { registry, _ in
            let registrations = Self.credentials.enumerated().map { index, credential in
                ClusterRegistration(name: "c\(index)", context: Self.context("c\(index)", credential))
            }
            _ = try registry.add(registrations, replace: false)
            let planted = [
                "planted-client-certificate-bytes", "planted-private-key-bytes", "planted-ca-bytes",
                "planted-bearer-token", "planted-file-token", "planted-exec-env-secret", "get-token",
            ]
            let files = try FileManager.default.contentsOfDirectory(atPath: registry.home.path)
                .filter { $0.hasPrefix("flotilla.db") }
            #expect(files.contains("flotilla.db"))
            for file in files {
                let bytes = try #require(FileManager.default.contents(atPath: registry.home.path + "/" + file))
                for secret in planted {
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds \(secret)")
                }
            }
        }
    }

    @Test("labels select clusters; names are unique; replace keeps the creation time")
    func addListReplace() throws {
        try withRegistry { registry, _ in
            let prod = ClusterRegistration(
                name: "prod", context: Self.context("prod", .token("t")), labels: ["env": "prod"])
            let dev = ClusterRegistration(
                name: "dev", context: Self.context("dev", .token("t")), labels: ["env": "dev"])
            #expect(try registry.add([prod, dev], replace: false) == [.added("prod"), .added("dev")])
            #expect(try registry.clusters().map(\.name) == ["dev", "prod"])
            #expect(
                try registry.clusters(matching: LabelSelector(parsing: "env in (prod,staging)")).map(\.name) == ["prod"]
            )
            #expect(throws: RegistryError.alreadyExists("prod")) { try registry.add([prod], replace: false) }
            #expect(throws: RegistryError.alreadyExists("x")) {
                let x = ClusterRegistration(name: "x", context: Self.context("x", .token("t")))
                try registry.add([x, x], replace: false)
            }
            #expect(try registry.clusters().count == 2, "a failed add changes nothing")
            let created = try registry.cluster(named: "prod").createdAt
            var moved = prod
            moved.context.server = "https://moved.example.com"
            #expect(try registry.add([moved], replace: true) == [.replaced("prod")])
            #expect(try registry.cluster(named: "prod").server == "https://moved.example.com")
            #expect(try registry.cluster(named: "prod").createdAt == created)
        }
    }

    @Test("labels change in place; removal is all or none")
    func updateAndRemove() throws {
        try withRegistry { registry, _ in
            let names = ["a", "b", "c"]
            _ = try registry.add(
                names.map { ClusterRegistration(name: $0, context: Self.context($0, .token("t"))) }, replace: false)
            try registry.update("a", field: .labels) { $0["tier"] = "gold" }
            #expect(try registry.cluster(named: "a").labels == ["tier": "gold"])
            #expect(throws: RegistryError.notFound("zz")) { try registry.remove(["b", "zz"]) }
            #expect(try registry.clusters().count == 3)
            try registry.remove(["a", "b"])
            #expect(try registry.clusters().map(\.name) == ["c"])
        }
    }

    @Test("a different key is refused before it seals anything, and cannot open what is sealed")
    func wrongKey() throws {
        try withRegistry(environment: ["FLOTILLA_KEY": String(repeating: "ab", count: 32)]) { registry, _ in
            _ = try registry.add(
                [ClusterRegistration(name: "a", context: Self.context("a", .token("t")))], replace: false)
            let other = try #require(
                try Registry.open(
                    home: registry.home, environment: ["FLOTILLA_KEY": String(repeating: "cd", count: 32)],
                    create: false))
            let wrong = RegistryError.wrongKey(source: "FLOTILLA_KEY", database: other.home.databasePath)
            #expect(throws: wrong) { try other.secrets(of: "a") }
            #expect(throws: wrong) {
                try other.add([ClusterRegistration(name: "b", context: Self.context("b", .token("t")))], replace: false)
            }
            #expect(try other.clusters().map(\.name) == ["a"])
        }
    }

    @Test("a missing key file for a registry with sealed credentials is an error, never a new key")
    func missingKey() throws {
        try withRegistry { registry, _ in
            _ = try registry.add(
                [ClusterRegistration(name: "a", context: Self.context("a", .token("t")))], replace: false)
            try FileManager.default.removeItem(atPath: registry.home.keyPath)
            #expect(throws: RegistryError.missingKey(keyFile: registry.home.keyPath)) { try registry.secrets(of: "a") }
            #expect(throws: RegistryError.missingKey(keyFile: registry.home.keyPath)) {
                try registry.add(
                    [ClusterRegistration(name: "b", context: Self.context("b", .token("t")))], replace: false)
            }
            #expect(!FileManager.default.fileExists(atPath: registry.home.keyPath))
        }
    }

    @Test(
        "FLOTILLA_KEY must be 32 bytes of base64 or hex",
        arguments: ["short", String(repeating: "zz", count: 32), "AAAA"])
    func malformedKey(text: String) throws {
        try withRegistry(environment: ["FLOTILLA_KEY": text]) { registry, _ in
            #expect(throws: RegistryError.malformedKey(source: "FLOTILLA_KEY")) {
                try registry.add(
                    [ClusterRegistration(name: "a", context: Self.context("a", .token("t")))], replace: false)
            }
        }
    }

    @Test("reading never creates a registry")
    func openWithoutCreate() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(try Registry.open(home: FlotillaHome(path: folder.path + "/none"), create: false) == nil)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/none"))
    }
}
