import FleetModel
import FleetTesting
import Foundation
import Testing

@testable import Sandbox

/// HTTP/2 as kube-apiserver speaks it: ALPN offers `h2` then `http/1.1`, and every
/// request of a client rides one multiplexed connection.
extension SandboxNetworkTests {
    @Test("ALPN gives curl HTTP/2 by default and HTTP/1.1 when it asks for it")
    func alpn() async throws {
        try await withServer { server, _, ca in
            let url = server.url + "/api/v1/namespaces"
            let auth = ["--cacert", ca, "-H", "Authorization: Bearer admin-token", "-o", "/dev/null"]
            let byDefault = try await curl(auth + ["-w", "%{http_version} %{http_code}", url])
            #expect(byDefault.standardOutput == "2 200", "\(byDefault.standardError)")
            let http1 = try await curl(auth + ["--http1.1", "-w", "%{http_version} %{http_code}", url])
            #expect(http1.standardOutput == "1.1 200", "\(http1.standardError)")
            let statistics = await server.cluster.currentStatistics()
            #expect(statistics.connections == 2)
            #expect(statistics.http2Connections == 1)
        }
    }

    @Test("concurrent requests share one HTTP/2 connection")
    func multiplexing() async throws {
        try await withServer { server, _, ca in
            var faults = SandboxFaults()
            faults.latencyMilliseconds = 500
            try await server.setFaults(faults)
            let urls = Array(repeating: server.url + "/api/v1/namespaces", count: 20)
            let reply = try await curl(
                ["--cacert", ca, "-H", "Authorization: Bearer admin-token", "--parallel", "--parallel-max", "20"]
                    + ["-w", "%{http_version} %{http_code}\n"] + urls)
            #expect(reply.status == 0, "\(reply.standardError)")
            #expect(reply.standardOutput.components(separatedBy: "2 200\n").count == 21)
            let statistics = await server.cluster.currentStatistics()
            #expect(statistics.requestsByMethod["GET"] == 20)
            #expect(statistics.connections == 1 && statistics.http2Connections == 1, "\(statistics)")
            #expect(statistics.maxInFlight > 6, "more at once than HTTP/1.1's six connections carried: \(statistics)")
        }
    }

    @Test("a watch over HTTP/2 is one long stream without connection headers, ended by timeoutSeconds")
    func watchOverHTTP2() async throws {
        try await withServer { server, _, ca in
            let url = server.url + "/api/v1/namespaces?watch=true&timeoutSeconds=1"
            let auth = ["--cacert", ca, "-H", "Authorization: Bearer admin-token", "--max-time", "20", "-i"]
            let started = Date()
            let http2 = try await curl(auth + [url])
            #expect(http2.status == 0, "\(http2.standardError)")
            #expect(Date().timeIntervalSince(started) >= 1)
            #expect(http2.standardOutput.hasPrefix("HTTP/2 200"))
            let headers = http2.standardOutput.components(separatedBy: "\r\n\r\n")[0].lowercased()
            #expect(!headers.contains("transfer-encoding") && !headers.contains("connection:"), "\(headers)")
            #expect(http2.standardOutput.contains(#"{"type":"ADDED","object":{"apiVersion":"v1","kind":"Namespace""#))
            let http1 = try await curl(auth + ["--http1.1", url])
            #expect(http1.status == 0, "\(http1.standardError)")
            #expect(http1.standardOutput.lowercased().contains("transfer-encoding: chunked"))
            #expect(http1.standardOutput.contains(#"{"type":"ADDED","object":{"apiVersion":"v1","kind":"Namespace""#))
        }
    }

    @Test("the client certificate of the connection authenticates every HTTP/2 stream on it")
    func certificateOverHTTP2() async throws {
        try await withServer { server, folder, ca in
            let (certificate, key) = try server.cluster.pki.clientCertificate(user: "alice", groups: ["developers"])
            let credentials = [
                "--cacert", ca, "--cert", try folder.write("alice.pem", certificate),
                "--key", try folder.write("alice.key", key),
            ]
            let urls = Array(repeating: server.url + "/api/v1/namespaces/default", count: 3)
            let reply = try await curl(credentials + ["--parallel", "-w", "%{http_version} %{http_code}\n"] + urls)
            #expect(reply.standardOutput.components(separatedBy: "2 200\n").count == 4, "\(reply.standardError)")
            #expect(reply.standardOutput.contains("\"name\":\"default\""))
            let anonymous = try await curl(
                ["--cacert", ca, "-o", "/dev/null", "-w", "%{http_version} %{http_code}"] + [urls[0]])
            #expect(anonymous.standardOutput == "2 403")
        }
    }
}
