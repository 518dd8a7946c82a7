import FleetModel
import FleetTesting
import Foundation
import Testing

/// The dashboard in headless Chromium (Tests/Browser/dashboard_flow.py, Selenium), against the
/// real `flotilla serve`, sandbox clusters, a Git repository and kubectl: sign in, watch a drift
/// arrive live, read the diff, Sync, Refresh two commits, roll back; a viewer cannot act; a name
/// made of HTML stays text.
@Suite("The dashboard in a browser")
struct DashboardBrowserTests {
    /// One automated Application without selfHeal: a drift leaves it OutOfSync (as Argo CD).
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: web}
        spec:
          project: default
          source: {repoURL: gitops/repo, targetRevision: main, path: web}
          destination: {name: b1, namespace: web}
          syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
        """

    /// The name no fleet file may give an Application; the page must show it as text.
    static let hostileName = "<img src=x onerror=alert(1)>"

    @Test("sign in, live drift, diff, Sync, Refresh, Rollback; a viewer is refused; HTML names are text")
    func acceptance() async throws {
        try await FleetHarness.with(["b1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["b1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", Self.fleet)
            let operatorToken = try await Self.createToken("ops-alice", role: "operator", in: session)
            let viewerToken = try await Self.createToken("viewer-bob", role: "viewer", in: session)

            let serve = try ServeProcess(session, ["fleet.yaml", "--interval", "10s"])
            try await serve.waitUntilReady()
            let address = try #require(serve.address)
            try await Self.recordHostileTarget(in: session)

            let artifacts = session.folder.path + "/browser"
            try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
            let script = Fixtures.repositoryRoot() + "/Tests/Browser/dashboard_flow.py"
            let result = try await CommandLineTool.run(
                "python3",
                [
                    script, "--url", address, "--kubeconfig", kubeconfig, "--context", "b1", "--app", "web",
                    "--namespace", "web", "--repo", repo.path, "--xss-app", Self.hostileName, "--xss-parent", "web",
                    "--artifacts", artifacts,
                ],
                environment: ["DASHBOARD_OPERATOR_TOKEN": operatorToken, "DASHBOARD_VIEWER_TOKEN": viewerToken])
            let report = result.standardOutput + result.standardError
            #expect(result.status == 0, "\(report)\n--- serve:\n\(serve.log.suffix(4000))")
            for check in [
                "a bad token is refused", "signed in as an operator", "renders as text", "its row under its parent's",
                "filters from the URL",
                "the cluster page", "turned OutOfSync live",
                "shows the diff", "Sync: succeeded", "Healthy again", "two commits reached the cluster",
                "kubectl get shows 2 replicas", "held at the rolled-back revision", "without the CSRF token",
                "a viewer sees Sync",
                "forced Sync is refused", "no script error",
            ] {
                let passed = report.split(separator: "\n").contains { $0.hasPrefix("ok: ") && $0.contains(check) }
                #expect(passed, "missing check \"\(check)\":\n\(report)")
            }
            #expect(report.hasSuffix("PASS\n") || report.contains("\nPASS\n"), "\(report)")
            #expect(!serve.log.contains(operatorToken) && !serve.log.contains(viewerToken), "a token in the log")
            #expect(await serve.terminate() == 0, "\(serve.log)")
        }
    }

    /// `flotilla token create NAME --role ROLE`: the secret, alone on the last line.
    static func createToken(_ name: String, role: String, in session: FlotillaSession) async throws -> String {
        let created = try await session.run(["token", "create", name, "--role", role])
        #expect(created.status == 0, "\(created.standardError)")
        return try #require(created.standardOutput.split(separator: "\n").last.map(String.init))
    }

    /// A target recorded under an HTML name (no fleet file can give one: a name is a DNS
    /// subdomain), as if from another fleet file, so that `serve` keeps it; a child of `web`
    /// (app of apps), so that its row is under web's.
    static func recordHostileTarget(in session: FlotillaSession) async throws {
        let insert = """
            INSERT INTO target (application, cluster, syncStatus, health, healthMessage, revision, message,
              reconciledAt, objects, fleetFile, parent)
            VALUES ('\(hostileName)', 'b1', 'Synced', 'Healthy', '', NULL, '', '2026-12-05 00:00:00.000', '[]',
              'elsewhere/fleet.yaml', 'web@b1');
            """
        let result = try await CommandLineTool.run("sqlite3", [session.home + "/flotilla.db", insert])
        #expect(result.status == 0, "\(result.standardError)")
    }
}
