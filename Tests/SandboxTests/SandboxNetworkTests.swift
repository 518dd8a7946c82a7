import FleetModel
import FleetTesting
import Foundation
import Testing

@testable import Sandbox

/// The sandbox over real HTTPS, with `curl` as the client: authentication by client
/// certificate and bearer token, the admin endpoint, and injected faults.
@Suite("Sandbox over HTTPS", .serialized)
struct SandboxNetworkTests {
    func withServer(_ body: (SandboxServer, TemporaryFolder, String) async throws -> Void) async throws {
        let cluster = try SandboxCluster(name: "net")
        await cluster.addToken("admin-token", for: UserInfo(name: "admin", groups: ["system:masters"]))
        let server = try await SandboxServer.start(cluster)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let ca = try folder.write("ca.pem", cluster.pki.caCertificatePEM)
        do {
            try await body(server, folder, ca)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    func curl(_ arguments: [String]) async throws -> FlotillaProcess.Result {
        try await CommandLineTool.run("curl", ["--silent", "--show-error"] + arguments)
    }

    @Test("a bearer token, a client certificate, an unknown token and no credentials")
    func authentication() async throws {
        try await withServer { server, folder, ca in
            let url = server.url + "/api/v1/namespaces/default"
            let token = try await curl(["--cacert", ca, "-H", "Authorization: Bearer admin-token", url])
            #expect(token.standardOutput.contains("\"name\":\"default\""), "\(token.standardError)")
            let (certificate, key) = try server.cluster.pki.clientCertificate(user: "alice", groups: ["developers"])
            let certificateFile = try folder.write("alice.pem", certificate)
            let keyFile = try folder.write("alice.key", key)
            let byCertificate = try await curl(["--cacert", ca, "--cert", certificateFile, "--key", keyFile, url])
            #expect(byCertificate.standardOutput.contains("\"name\":\"default\""), "\(byCertificate.standardError)")
            let bad = try await curl(["--cacert", ca, "-H", "Authorization: Bearer nope", "-w", "%{http_code}", url])
            #expect(
                bad.standardOutput
                    == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}401"#
            )
            let anonymous = try await curl(["--cacert", ca, "-w", "%{http_code}", "-o", "/dev/null", url])
            #expect(anonymous.standardOutput == "403")
            #expect(try await curl(["--cacert", ca, server.url + "/version"]).standardOutput.contains("v1.36.0"))
            let other = try SandboxPKI.mint(name: "stranger")
            let (expired, expiredKey) = try server.cluster.pki.clientCertificate(
                user: "old", notBefore: Date().addingTimeInterval(-7200), lifetime: 3600)
            let stranger = try other.clientCertificate(user: "mallory")
            for (name, pem, keyPEM) in [
                ("expired", expired, expiredKey), ("untrusted", stranger.certificatePEM, stranger.keyPEM),
            ] {
                let refused = try await curl([
                    "--cacert", ca, "--cert", try folder.write("\(name).pem", pem), "--key",
                    try folder.write("\(name).key", keyPEM), url,
                ])
                #expect(refused.status != 0, "\(name) client certificate accepted")
            }
            let strangerCA = try folder.write("stranger-ca.pem", other.caCertificatePEM)
            #expect(
                try await curl(["--cacert", strangerCA, server.url + "/version"]).status == 60,
                "a CA that does not match is a TLS error")
        }
    }

    @Test(
        "faults set through the admin endpoint (fields left out mean no fault): latency, 429, dropped and hanging connections"
    )
    func faults() async throws {
        try await withServer { server, _, ca in
            let auth = ["--cacert", ca, "-H", "Authorization: Bearer admin-token"]
            let url = server.url + "/api/v1/namespaces"
            func setFaults(_ json: String) async throws {
                let reply = try await curl(auth + ["-X", "PUT", "--data", json, server.url + "/sandbox/faults"])
                #expect(reply.status == 0 && reply.standardOutput.hasPrefix("{"), "\(reply.standardError)")
            }
            try await setFaults(
                #"{"latencyMilliseconds":400}"#
            )
            let started = Date()
            #expect(try await curl(auth + ["-o", "/dev/null", url]).status == 0)
            #expect(Date().timeIntervalSince(started) >= 0.4)
            try await setFaults(
                #"{"errorRate":1,"errorStatus":429,"retryAfterSeconds":7}"#
            )
            let limited = try await curl(auth + ["-i", url])
            #expect(limited.standardOutput.hasPrefix("HTTP/2 429"))
            #expect(limited.standardOutput.lowercased().contains("retry-after: 7"))
            #expect(limited.standardOutput.contains("\"reason\":\"TooManyRequests\""))
            try await setFaults(
                #"{"dropRate":1}"#
            )
            #expect(
                try await curl(auth + ["--http1.1", url]).status == 18,
                "a connection dropped mid-answer is a partial transfer")
            #expect(try await curl(auth + [url]).status == 92, "over HTTP/2, the answer's stream is reset")
            try await setFaults(
                #"{"hang":true}"#
            )
            #expect(try await curl(auth + ["--max-time", "1", url]).status == 28, "a hanging cluster times out")
            try await setFaults(
                "{}"
            )
            var down = SandboxFaults()
            down.down = true
            try await server.setFaults(down)
            #expect(try await curl(auth + [url]).status == 7, "a down cluster refuses connections")
            try await server.setFaults(SandboxFaults())
            #expect(try await curl(auth + ["-o", "/dev/null", "-w", "%{http_code}", url]).standardOutput == "200")
        }
    }

    @Test("a watch streams events from a resource version, one JSON object per line")
    func watch() async throws {
        try await withServer { server, _, ca in
            let cluster = server.cluster
            let list = await cluster.handle(
                APIRequest(
                    method: "GET", uri: "/api/v1/namespaces/default/configmaps", headers: [:], body: [],
                    user: SandboxHarness.admin))
            let version =
                (try? YAMLLoader.load(String(decoding: list.body, as: UTF8.self), file: "l").first?.value.value(at: [
                    "metadata", "resourceVersion",
                ])?.stringValue) ?? "0"
            for name in ["a", "b"] {
                _ = await cluster.handle(
                    APIRequest(
                        method: "POST", uri: "/api/v1/namespaces/default/configmaps",
                        headers: ["content-type": "application/json"],
                        body: Array(#"{"metadata":{"name":"\#(name)"}}"#.utf8), user: SandboxHarness.admin))
            }
            _ = await cluster.handle(
                APIRequest(
                    method: "DELETE", uri: "/api/v1/namespaces/default/configmaps/a", headers: [:], body: [],
                    user: SandboxHarness.admin))
            let watch = try await curl([
                "--cacert", ca, "-H", "Authorization: Bearer admin-token", "-w", "%{content_type}",
                server.url
                    + "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=\(version)&timeoutSeconds=1",
            ])
            #expect(watch.standardOutput.hasSuffix("application/json"))
            let lines = watch.standardOutput.split(separator: "\n").filter { $0.hasPrefix("{") }
            let events = lines.compactMap { try? YAMLLoader.load(String($0), file: "event").first?.value }
            #expect(events.map { $0["type"] } == ["ADDED", "ADDED", "DELETED"])
            #expect(events.map { $0["object"]?.metadata("name") } == ["a", "b", "a"])
            #expect(events.allSatisfy { $0["object"]?["kind"] == "ConfigMap" && $0["object"]?["apiVersion"] == "v1" })
        }
    }
}
