import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// `flotilla serve`'s API end to end: tokens made with `flotilla token`, curl as the client.
@Suite("flotilla serve: the API behind tokens")
struct ServeApiTests {
    /// A new token's secret: the last line of `flotilla token create`'s output.
    static func token(
        _ name: String, role: String, _ session: FlotillaSession, _ more: [String] = []
    ) async throws
        -> String
    {
        let created = try await session.run(["token", "create", name, "--role", role] + more)
        #expect(created.status == 0, "\(created.standardError)")
        return try #require(created.standardOutput.split(separator: "\n").last.map(String.init))
    }

    /// curl `path` of `serve` with `token` (`-X method`, a JSON body): the status and the parsed body.
    static func call(
        _ serve: ServeProcess, _ path: String, token: String?, method: String = "GET", body: String? = nil
    ) async throws -> (status: Int, document: JSONValue) {
        let address = try #require(serve.address)
        var arguments = ["-k", "-X", method, address + path]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        if let body { arguments += ["-H", "Content-Type: application/json", "--data", body] }
        let (status, text) = try await ServeProcess.request(arguments)
        return (status, (try? JSONReader.parse(text)) ?? .null)
    }

    /// One sandbox cluster `name` registered, `gitops/repo`'s `web/` in Git, serve's test fleet
    /// (`auto-NAME`, `manual-NAME`), and `flotilla serve` ready with `arguments` added.
    static func withServe(
        _ name: String, options: SandboxOptions = SandboxOptions(), _ arguments: [String] = [],
        _ body: (_ serve: ServeProcess, _ kubeconfig: String, _ repo: GitRepository, _ session: FlotillaSession)
            async throws -> Void
    ) async throws {
        try await FleetHarness.with([name], options: options) { fleet, session in
            let kubeconfig = try await FleetHarness.register([name], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", ServeCommandTests.fleet)
            let serve = try ServeProcess(session, ["fleet.yaml", "--interval", "1h"] + arguments)
            try await serve.waitUntilReady(within: .seconds(90))
            try await body(serve, kubeconfig, repo, session)
        }
    }

    @Test("no token 401; a viewer reads and may not sync; revoked or expired 401; an operator syncs and rolls back")
    func tokensAndActions() async throws {
        try await Self.withServe("api1") { serve, kubeconfig, repo, session in
            let viewer = try await Self.token("eye", role: "viewer", session)
            let operatorToken = try await Self.token("ops", role: "operator", session)
            let expiring = try await Self.token("brief", role: "operator", session, ["--expires", "1s"])

            #expect(try await Self.call(serve, "/api/v1/targets", token: nil).status == 401)
            #expect(try await ServeProcess.get(serve.address! + "/healthz").status == 200)
            #expect(try await ServeProcess.get(serve.address! + "/metrics").status == 200)
            let listed = try await Self.call(serve, "/api/v1/targets", token: viewer)
            #expect(listed.status == 200)
            let applications = listed.document["items"]?.arrayValue?.compactMap { $0["application"]?.stringValue }
            #expect(applications?.sorted() == ["auto-api1", "manual-api1"])
            #expect(
                try await Self.call(serve, "/api/v1/targets/manual-api1/api1/sync", token: viewer, method: "POST")
                    .status == 403)

            // The manual target is written only when an operator asks.
            #expect(try await ServeCommandTests.replicasSetting(kubeconfig, "api1", "manual", session) == nil)
            let synced = try await Self.call(
                serve, "/api/v1/targets/manual-api1/api1/sync", token: operatorToken, method: "POST")
            #expect(synced.status == 200, "\(synced.document)\n\(serve.log)")
            #expect(synced.document["result"]?["succeeded"]?.boolValue == true)
            #expect(try await ServeCommandTests.replicasSetting(kubeconfig, "api1", "manual", session) == "1")

            // A second commit, synced by the operator; then a rollback to the first through the API.
            try repo.write("web/web.yaml", FleetHarness.webManifests(replicas: 2))
            try await repo.commit("two replicas")
            let diff = try await Self.call(serve, "/api/v1/targets/manual-api1/api1/diff", token: viewer)
            #expect(
                diff.document["syncStatus"]?.stringValue == "OutOfSync", "\(diff.status) \(diff.document)\n\(serve.log)"
            )
            #expect(
                diff.document["changes"]?.arrayValue?.contains { $0["diff"]?.stringValue?.contains("replicas") == true }
                    == true)
            _ = try await Self.call(
                serve, "/api/v1/targets/manual-api1/api1/sync", token: operatorToken, method: "POST")
            #expect(try await ServeCommandTests.replicasSetting(kubeconfig, "api1", "manual", session) == "2")
            let history = try await Self.call(serve, "/api/v1/targets/manual-api1/api1/history", token: viewer)
            let entries = try #require(history.document["items"]?.arrayValue)
            #expect(entries.count == 2)
            #expect(entries.allSatisfy { $0["initiatedBy"]?.stringValue == "token:ops" }, "\(entries)")
            let first = try #require(entries.last?["id"]?.intValue)
            let rolledBack = try await Self.call(
                serve, "/api/v1/targets/manual-api1/api1/rollback", token: operatorToken, method: "POST",
                body: #"{"id": \#(first)}"#)
            #expect(rolledBack.status == 200, "\(rolledBack.document)")
            #expect(try await ServeCommandTests.replicasSetting(kubeconfig, "api1", "manual", session) == "1")
            let cli = try await session.run(["history", "manual-api1"])
            #expect(cli.standardOutput.contains("token:ops"), "\(cli.standardOutput)")
            let unknown = try await Self.call(
                serve, "/api/v1/targets/manual-api1/api1/rollback", token: operatorToken, method: "POST",
                body: #"{"id": 999}"#)
            #expect(unknown.status == 404)

            // Revoked and expired tokens are refused.
            #expect(try await session.run(["token", "revoke", "eye"]).status == 0)
            #expect(try await Self.call(serve, "/api/v1/targets", token: viewer).status == 401)
            try await Task.sleep(for: .seconds(1.5))
            #expect(try await Self.call(serve, "/api/v1/targets", token: expiring).status == 401)

            #expect(await serve.terminate() == 0)
            for secret in [viewer, operatorToken, expiring] {
                #expect(!serve.log.contains(secret), "a token is in the log")
            }
        }
    }

    @Test("a second sync of a target while one runs: 409")
    func busyTarget() async throws {
        try await Self.withServe("busy1", options: SandboxOptions(rolloutDelay: .seconds(3))) { serve, _, _, session in
            let token = try await Self.token("ops", role: "operator", session)
            let path = "/api/v1/targets/manual-busy1/busy1/sync"
            async let first = Self.call(serve, path, token: token, method: "POST")
            try await Task.sleep(for: .milliseconds(700))
            let second = try await Self.call(serve, path, token: token, method: "POST")
            #expect(second.status == 409, "\(second.document)")
            #expect(second.document["error"]?["message"]?.stringValue?.contains("already running") == true)
            #expect(try await first.status == 200)
            #expect(await serve.terminate() == 0)
        }
    }

    @Test("live events: a Deployment scaled behind Flotilla's back reaches a listening client as OutOfSync")
    func events() async throws {
        try await Self.withServe("ev1") { serve, kubeconfig, _, session in
            let token = try await Self.token("ops", role: "operator", session)
            let synced = try await Self.call(serve, "/api/v1/targets/manual-ev1/ev1/sync", token: token, method: "POST")
            #expect(synced.status == 200)
            // serve watches the kinds a cluster's targets use once a cycle compared them.
            _ = try await Self.call(serve, "/api/v1/targets/manual-ev1/ev1/refresh", token: token, method: "POST")
            try await ServeProcess.poll("the Deployment watched", within: .seconds(30)) {
                let clusters = try await Self.call(serve, "/api/v1/clusters", token: token).document
                return (clusters["items"]?.arrayValue?.first?["watches"]?["active"]?.intValue ?? 0) > 0
            }
            async let stream = CommandLineTool.run(
                "curl",
                ["-sN", "--max-time", "8", "-H", "Authorization: Bearer \(token)", serve.address! + "/api/v1/events"])
            try await Task.sleep(for: .seconds(1))
            let scaled = try await FleetHarness.kubectl(
                kubeconfig, context: "ev1", in: session, ["scale", "deployment/web", "-n", "manual", "--replicas=3"])
            #expect(scaled.status == 0, "\(scaled.standardError)")
            let events = try await stream.standardOutput
            let targets = events.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.compactMap {
                try? JSONReader.parse(String($0.dropFirst(6)))
            }
            #expect(
                targets.contains { $0["application"] == "manual-ev1" && $0["state"] == "OutOfSync" },
                "\(events)\n\(serve.log)")
            #expect(await serve.terminate() == 0)
        }
    }

    @Test("HTTPS with --tls-cert/--tls-key; --metrics-auth asks a token of /metrics; the session cookie is Secure")
    func https() async throws {
        let names = ["tls1"]
        try await FleetHarness.with(names) { fleet, session in
            try await FleetHarness.register(names, of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", ServeCommandTests.fleet)
            let key = session.folder.path + "/server.key"
            let certificate = session.folder.path + "/server.crt"
            let made = try await CommandLineTool.run(
                "openssl",
                [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                    key, "-out", certificate, "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1",
                ])
            #expect(made.status == 0, "\(made.standardError)")
            let serve = try ServeProcess(
                session,
                ["fleet.yaml", "--interval", "1h", "--tls-cert", certificate, "--tls-key", key, "--metrics-auth"])
            try await serve.waitUntilReady()
            let address = try #require(serve.address)
            #expect(address.hasPrefix("https://"))
            let token = try await Self.token("scraper", role: "viewer", session)
            #expect(try await ServeProcess.request(["--cacert", certificate, address + "/metrics"]).status == 401)
            let scraped = try await ServeProcess.request(
                ["--cacert", certificate, "-H", "Authorization: Bearer \(token)", address + "/metrics"])
            #expect(scraped.status == 200)
            let signIn = try await CommandLineTool.run(
                "curl",
                [
                    "-s", "-D", "-", "-o", "/dev/null", "--cacert", certificate, "-H", "Content-Type: application/json",
                    "--data", #"{"token": "\#(token)"}"#, address + "/api/v1/session",
                ])
            let cookie = signIn.standardOutput.split(separator: "\r\n").first {
                $0.lowercased().hasPrefix("set-cookie:")
            }
            #expect(
                cookie?.contains("Secure") == true && cookie?.contains("HttpOnly") == true, "\(signIn.standardOutput)")
            #expect(cookie?.contains("SameSite=Strict") == true)
            #expect(await serve.terminate() == 0)
        }
    }
}
