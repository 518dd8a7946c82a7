import CurlTransport
import FleetModel
import FleetTesting
import Foundation
import KubeClient
import KubeConfig
import Sandbox
import Testing

/// The libcurl transport against a real HTTPS sandbox cluster: every credential kind,
/// and every way a cluster or a credential can be wrong.
@Suite("libcurl transport against a sandbox cluster")
struct CurlTransportTests {
    static let configMaps = ResourceType(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true, verbs: [])

    enum CredentialKind: String, CaseIterable, Sendable { case certificate, token, tokenFile, exec }

    @Test("every credential kind reads, writes and is told apart from the others", arguments: CredentialKind.allCases)
    func credentials(kind: CredentialKind) async throws {
        try await SandboxEndpoints.with { sandbox in
            let credential: Credential
            switch kind {
            case .certificate: credential = sandbox.certificate
            case .token: credential = sandbox.token
            case .tokenFile:
                let path = try sandbox.folder.write("token", sandbox.member.adminToken + "\n")
                credential = .tokenFile(path: path, token: "")
            case .exec:
                credential = .exec(
                    try sandbox.plugin(
                        "plugin",
                        #"printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "#
                            + sandbox.member.adminToken))
            }
            let client = sandbox.client(credential)
            let version = try await client.version()
            #expect(version.gitVersion == "v1.36.0")
            let created = try await client.apply(
                [
                    "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c", "namespace": "default"],
                    "data": ["k": "v"],
                ],
                as: Self.configMaps, options: ApplyOptions(fieldManager: "flotilla"))
            #expect(created["data"] == ["k": "v"])
            let fetched = try await client.get(Self.configMaps, namespace: "default", name: "c")
            #expect(fetched["metadata"]?["managedFields"]?.arrayValue?.first?["manager"] == "flotilla")
        }
    }

    @Test("an exec plugin runs once while its credential is valid, and again after a 401")
    func execCaching() async throws {
        try await SandboxEndpoints.with { sandbox in
            let counter = sandbox.folder.path + "/runs"
            let tokenFile = try sandbox.folder.write("current-token", "stale")
            let plugin = try sandbox.plugin(
                "plugin",
                "echo run >> \(counter)\n"
                    + #"printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"2099-01-01T00:00:00Z"}}' "#
                    + "\"$(cat \(tokenFile))\"")
            let client = sandbox.client(.exec(plugin))
            #expect(await Self.failure(of: client)?.reason == .unauthorized)
            _ = try sandbox.folder.write("current-token", sandbox.member.adminToken)
            for _ in 0..<3 {
                #expect(await Self.failure(of: client)?.reason == .notFound)
            }
            let runs = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").count
            #expect(runs == 3, "first try, its retry after 401, then one for the valid token, cached thereafter")
        }
    }

    struct Fault: Sendable, CustomTestStringConvertible {
        let name: String
        let reason: KubeError.Reason
        let messageContains: String
        var testDescription: String { name }
    }

    @Test("a CA that does not match the server is a TLS error that says to check the CA")
    func wrongCA() async throws {
        try await SandboxEndpoints.with { sandbox in
            let stranger = try SandboxPKI.mint(name: "stranger")
            let endpoint = sandbox.endpoint(sandbox.token, certificateAuthority: Data(stranger.caCertificatePEM.utf8))
            let error = await Self.failure(of: KubeClient(transport: CurlTransport(endpoint: endpoint)))
            #expect(error?.reason == .tls)
            #expect(
                error?.hint?.contains("certificate-authority-data does not match") == true,
                "\(String(describing: error))")
            #expect(error?.description.hasPrefix("cluster \"sbx\": ") == true)
        }
    }

    @Test(
        "expired and untrusted client certificates fail the handshake with a TLS error",
        arguments: ["expired", "untrusted"])
    func badCertificates(kind: String) async throws {
        try await SandboxEndpoints.with { sandbox in
            let pki = kind == "expired" ? sandbox.cluster.pki : try SandboxPKI.mint(name: "other")
            let pair =
                kind == "expired"
                ? try pki.clientCertificate(user: "admin", notBefore: Date().addingTimeInterval(-7200), lifetime: 3600)
                : try pki.clientCertificate(user: "admin")
            let client = sandbox.client(
                .clientCertificate(certificate: Data(pair.certificatePEM.utf8), key: Data(pair.keyPEM.utf8)))
            let error = await Self.failure(of: client)
            #expect(error?.reason == .tls, "\(String(describing: error))")
            #expect(error.map { !$0.description.contains("BEGIN") } == true, "no key or certificate in the message")
        }
    }

    @Test("a revoked token is 401 Unauthorized, a read-only user's write is 403 Forbidden")
    func refusedCredentials() async throws {
        try await SandboxEndpoints.with { sandbox in
            let token = sandbox.member.adminToken
            await sandbox.cluster.revokeToken(token)
            let revoked = await Self.failure(of: sandbox.client(.token(token)))
            #expect(revoked?.reason == .unauthorized)
            #expect(revoked?.code == 401)
            #expect(revoked.map { !$0.description.contains(token) } == true)
            let viewer = sandbox.client(.token(sandbox.member.viewerToken))
            let version = try await viewer.version()
            #expect(version.gitVersion == "v1.36.0")
            do throws(KubeError) {
                _ = try await viewer.create(
                    ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c", "namespace": "default"]],
                    as: Self.configMaps, dryRun: false)
                Issue.record("a read-only user wrote")
            } catch {
                #expect(error.reason == .forbidden)
                #expect(error.message.contains(#"User "viewer" cannot create resource "configmaps""#))
            }
        }
    }

    @Test(
        "exec plugins that are missing, fail, print garbage or hang give a credential error",
        arguments: [
            ("missing", "", "was not found"),
            (
                "fails", "echo 'token expired, run aws sso login' >&2; exit 3",
                "failed with exit status 3: token expired, run aws sso login"
            ),
            ("garbage", "echo not json", "did not print an ExecCredential"),
            ("hangs", "sleep 30", "did not finish within 1 s"),
        ])
    func brokenPlugins(name: String, script: String, message: String) async throws {
        try await SandboxEndpoints.with { sandbox in
            var plugin = try sandbox.plugin(name, script)
            if name == "missing" { plugin.command = "flotilla-no-such-plugin" }
            // A short limit only where the plugin hangs: the others must not lose a race with a busy machine.
            let endpoint = sandbox.endpoint(.exec(plugin), execTimeout: .seconds(name == "hangs" ? 1 : 10))
            let started = Date()
            let error = await Self.failure(of: KubeClient(transport: CurlTransport(endpoint: endpoint)))
            #expect(error?.reason == .credential)
            #expect(error?.message.contains(message) == true, "\(String(describing: error))")
            // The hanging plugin sleeps 30 s: stopped at its 1 s limit, not waited for (generous for a loaded machine).
            #expect(Date().timeIntervalSince(started) < 20)
        }
    }

    @Test("a hanging server fails at the request timeout; a dropped connection and 429 are typed")
    func serverFaults() async throws {
        try await SandboxEndpoints.with { sandbox in
            var faults = SandboxFaults()
            faults.hang = true
            try await sandbox.server.setFaults(faults)
            let endpoint = sandbox.endpoint(sandbox.token, requestTimeout: .seconds(1))
            let started = Date()
            let hung = await Self.failure(of: KubeClient(transport: CurlTransport(endpoint: endpoint)))
            #expect(hung?.reason == .timedOut)
            #expect(
                Date().timeIntervalSince(started) < 8, "at its 1 s timeout (plus a busy machine), not the default 30 s")
            faults = SandboxFaults()
            faults.dropRate = 1
            try await sandbox.server.setFaults(faults)
            #expect(await Self.failure(of: sandbox.client(sandbox.token))?.reason == .connectionLost)
            faults = SandboxFaults()
            faults.errorRate = 1
            faults.errorStatus = 429
            faults.retryAfterSeconds = 7
            try await sandbox.server.setFaults(faults)
            let limited = await Self.failure(of: sandbox.client(sandbox.token))
            #expect(limited?.reason == .tooManyRequests)
            #expect(limited?.retryAfter == 7)
            faults = SandboxFaults()
            faults.down = true
            try await sandbox.server.setFaults(faults)
            var down = await Self.failure(of: sandbox.client(sandbox.token))
            if down?.reason != .unreachable {
                // A connection kept alive from the requests above can be the first to die
                // (closed mid-request, seen as TLS or connection lost); a new one is refused.
                #expect([.tls, .connectionLost].contains(down?.reason), "\(String(describing: down))")
                down = await Self.failure(of: sandbox.client(sandbox.token))
            }
            #expect(down?.reason == .unreachable, "\(String(describing: down))")
        }
    }

    @Test("cancelling the task aborts its transfer")
    func cancellation() async throws {
        try await SandboxEndpoints.with { sandbox in
            var faults = SandboxFaults()
            faults.hang = true
            try await sandbox.server.setFaults(faults)
            let client = sandbox.client(sandbox.token)
            let task = Task { try await client.version() }
            try await Task.sleep(for: .milliseconds(200))
            let started = Date()
            task.cancel()
            let result = await task.result
            #expect(Date().timeIntervalSince(started) < 5, "well before the 10 s request timeout")
            guard case .failure(let error as KubeError) = result else {
                Issue.record("expected a cancellation error, got \(result)")
                return
            }
            #expect(error.reason == .cancelled)
        }
    }

    @Test("256 requests against 200 ms of latency run concurrently, not two at a time")
    func concurrency() async throws {
        try await SandboxEndpoints.with { sandbox in
            // Beyond libcurl's 100 streams per HTTP/2 connection: let it open more than the default cap.
            let client = sandbox.client(sandbox.token, maxConnections: 256)
            func burst() async throws -> [String] {
                try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<256 { group.addTask { try await client.version().gitVersion } }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
            }
            // Connections are opened (TLS handshakes) by a first burst and kept alive, as they
            // are in a long-running engine; the measured burst then reuses them.
            _ = try await burst()
            var faults = SandboxFaults()
            faults.latencyMilliseconds = 200
            try await sandbox.server.setFaults(faults)
            await sandbox.cluster.resetStatistics()
            let started = Date()
            let versions = try await burst()
            let elapsed = Date().timeIntervalSince(started)
            #expect(versions.count == 256)
            let serialTime: Double = 256 * 0.2 / 2 / 4  // one type: FleetModel's `<` overloads slow the checker
            #expect(elapsed < serialTime, "took \(elapsed) s")
            let statistics = await sandbox.cluster.currentStatistics()
            #expect(statistics.maxInFlight >= 100, "max in flight: \(statistics.maxInFlight)")
            print(
                "256 requests at 200 ms latency: \(String(format: "%.2f", elapsed)) s, max in flight \(statistics.maxInFlight)"
            )
        }
    }

    /// The error `client` gets asking for a ConfigMap (nil if it somehow succeeds).
    static func failure(of client: KubeClient) async -> KubeError? {
        do {
            _ = try await client.get(configMaps, namespace: "default", name: "kube-root-ca.crt")
            return nil
        } catch {
            return error
        }
    }
}
