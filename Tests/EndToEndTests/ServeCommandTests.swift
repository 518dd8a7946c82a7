import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// `flotilla serve` end to end: sandbox clusters, a local Git repository, the real binary.
@Suite("flotilla serve")
struct ServeCommandTests {
    /// `auto` (automated, pruning) and `manual` (no automated sync) on every cluster, from `gitops/repo`'s `web/`.
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: auto}
        spec:
          generators: [{clusters: {}}]
          template:
            metadata: {name: 'auto-<<name>>'}
            spec:
              project: default
              source: {repoURL: gitops/repo, targetRevision: main, path: web}
              destination: {name: '<<name>>', namespace: auto}
              syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: manual}
        spec:
          generators: [{clusters: {}}]
          template:
            metadata: {name: 'manual-<<name>>'}
            spec:
              project: default
              source: {repoURL: gitops/repo, targetRevision: main, path: web}
              destination: {name: '<<name>>', namespace: manual}
              syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    @Test("a commit reaches every automated target within the interval; a manual target is OutOfSync and not written")
    func commitsReachAutomatedTargets() async throws {
        let names = ["v1", "v2"]
        try await FleetHarness.with(names) { fleet, session in
            let kubeconfig = try await FleetHarness.register(names, of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", Self.fleet)
            let serve = try ServeProcess(session, ["fleet.yaml", "--interval", "2s"])
            try await serve.waitUntilReady()
            for name in names {
                #expect(try await Self.replicasSetting(kubeconfig, name, "auto", session) == "1", "\(serve.log)")
            }

            try repo.write("web/web.yaml", FleetHarness.webManifests(replicas: 2))
            try await repo.commit("two replicas")
            // The interval (2 s, ± 10%) plus 10 s.
            try await ServeProcess.poll("the commit on every automated target", within: .seconds(12.2)) {
                for name in names where try await Self.replicasSetting(kubeconfig, name, "auto", session) != "2" {
                    return false
                }
                return true
            }
            let manual = try await FleetHarness.kubectl(
                kubeconfig, context: "v1", in: session, ["get", "configmap", "settings", "-n", "manual"])
            #expect(manual.status != 0, "a manual Application is not written: \(manual.standardOutput)")
            for name in names {
                #expect(try await Self.syncStatus("manual-\(name)", name, session) == "OutOfSync")
                #expect(try await Self.syncStatus("auto-\(name)", name, session) == "Synced")
            }
            #expect(await serve.terminate() == 0, "\(serve.log)")
        }
    }

    @Test("SIGTERM during a sync: it finishes and is recorded, exit 0; a second serve on the registry exits 2")
    func shutdownAndSingleController() async throws {
        let names = ["t1"]
        try await FleetHarness.with(names, options: SandboxOptions(rolloutDelay: .seconds(4))) { fleet, session in
            let kubeconfig = try await FleetHarness.register(names, of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", Self.fleet)
            let serve = try ServeProcess(session, ["fleet.yaml", "--interval", "1s"])
            try await serve.waitUntilReady(within: .seconds(90))

            let second = try await session.run(["serve", "fleet.yaml", "--listen", "127.0.0.1:0"])
            #expect(second.status == 2)
            #expect(
                second.standardError.contains("another flotilla serve (pid \(serve.pid ?? 0)) is already running"),
                "\(second.standardError)")

            try repo.write("web/web.yaml", FleetHarness.webManifests(replicas: 3))
            let commit = try await repo.commit("three replicas")
            // Applied, and waiting for the Deployment's rollout (4 s): terminate now.
            try await ServeProcess.poll("the new commit applied", within: .seconds(30)) {
                try await Self.replicasSetting(kubeconfig, "t1", "auto", session) == "3"
            }
            let before = try await session.run(["history", "auto-t1"])
            #expect(!before.standardOutput.contains(String(commit.prefix(12))), "the sync is still running")
            #expect(await serve.terminate() == 0, "\(serve.log)")
            let history = try await session.run(["history", "auto-t1"])
            #expect(
                history.standardOutput.contains(String(commit.prefix(12))),
                "the running sync was recorded: \(history.standardOutput)\n\(serve.log)")
        }
    }

    @Test("a rollback of an automated target holds across intervals and a restart; sync --app resumes it")
    func rollbackHolds() async throws {
        let names = ["r1"]
        try await FleetHarness.with(names) { fleet, session in
            let kubeconfig = try await FleetHarness.register(names, of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", Self.fleet)
            var serve = try ServeProcess(session, ["fleet.yaml", "--interval", "1s"])
            try await serve.waitUntilReady()
            try repo.write("web/web.yaml", FleetHarness.webManifests(replicas: 2))
            try await repo.commit("two replicas")
            try await ServeProcess.poll("the second commit synced", within: .seconds(30)) {
                try await session.run(["history", "auto-r1"]).standardOutput.split(separator: "\n").count == 3
            }
            let history = try await session.run(["history", "auto-r1"]).standardOutput
            let first = try #require(history.split(separator: "\n").last?.split(separator: " ").first.map(String.init))
            let rollback = try await session.run(["rollback", "auto-r1", first, "fleet.yaml"])
            #expect(rollback.status == 0, "\(rollback.standardError)")
            #expect(rollback.standardOutput.contains("Automated sync of auto-r1 on cluster r1 is paused"))
            #expect(try await Self.replicasSetting(kubeconfig, "r1", "auto", session) == "1")

            // Two intervals, a restart, two more: still rolled back.
            try await Self.cycles(2, of: serve)
            #expect(await serve.terminate() == 0)
            serve = try ServeProcess(session, ["fleet.yaml", "--interval", "1s"])
            try await serve.waitUntilReady()
            try await Self.cycles(2, of: serve)
            #expect(try await Self.replicasSetting(kubeconfig, "r1", "auto", session) == "1", "\(serve.log)")
            let status = try await session.run(["status", "-o", "json"])
            #expect(status.standardOutput.contains("automated sync paused"), "\(status.standardOutput)")

            let sync = try await session.run(["sync", "fleet.yaml", "--app", "auto-r1"])
            #expect(sync.status == 0, "\(sync.standardError)")
            #expect(try await Self.replicasSetting(kubeconfig, "r1", "auto", session) == "2")
            try repo.write("web/web.yaml", FleetHarness.webManifests(replicas: 4))
            try await repo.commit("four replicas")
            try await ServeProcess.poll("automated sync resumed", within: .seconds(30)) {
                try await Self.replicasSetting(kubeconfig, "r1", "auto", session) == "4"
            }
            #expect(await serve.terminate() == 0)
        }
    }

    @Test("kill -9 mid-cycle, then a restart: the fleet converges, the registry is whole, no history twice")
    func killedAndRestarted() async throws {
        let names = ["k1", "k2"]
        try await FleetHarness.with(names, options: SandboxOptions(rolloutDelay: .seconds(1))) { fleet, session in
            let kubeconfig = try await FleetHarness.register(names, of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", Self.fleet)
            let first = try ServeProcess(session, ["fleet.yaml", "--interval", "1s"])
            // Killed while the first cycle applies (and waits for the rollouts).
            try await ServeProcess.poll("a first object applied", within: .seconds(60)) {
                if try await Self.replicasSetting(kubeconfig, "k1", "auto", session) != nil { return true }
                return try await Self.replicasSetting(kubeconfig, "k2", "auto", session) != nil
            }
            await first.signal(SIGKILL)
            #expect(await first.exitStatus() != 0)

            let second = try ServeProcess(session, ["fleet.yaml", "--interval", "1s"])
            try await second.waitUntilReady()
            try await Self.cycles(1, of: second)
            for name in names {
                #expect(try await Self.syncStatus("auto-\(name)", name, session) == "Synced", "\(second.log)")
                let history = try await session.run(["history", "auto-\(name)"]).standardOutput
                #expect(history.split(separator: "\n").count == 2, "one sync recorded, once: \(history)")
            }
            #expect(await second.terminate() == 0)
            let check = try await session.run(["registry", "check"])
            #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        }
    }

    @Test("--fleet-repo: the fleet files come from Git and are read again each cycle")
    func fleetFromGit() async throws {
        let names = ["g1"]
        try await FleetHarness.with(names) { fleet, session in
            let kubeconfig = try await FleetHarness.register(names, of: fleet, in: session)
            let sources = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { sources.folder.remove() }
            let source = "file://\(session.folder.path)/gitops/repo"
            let fleets = try await GitRepository()
            defer { fleets.folder.remove() }
            let application = { (name: String) in
                """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: \(name)}
                spec:
                  project: default
                  source: {repoURL: '\(source)', targetRevision: main, path: web}
                  destination: {name: g1, namespace: \(name)}
                  syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
                """
            }
            try fleets.write("fleets/one.yaml", application("one"))
            try await fleets.commit("one Application")
            let serve = try ServeProcess(
                session,
                [
                    "--fleet-repo", "file://\(fleets.path)", "--fleet-path", "fleets", "--interval", "1s",
                    // Sources outside the fleet files' folder are refused unless allowed.
                    "--allow-local-sources", session.folder.path + "/gitops",
                ])
            try await serve.waitUntilReady()
            #expect(try await Self.replicasSetting(kubeconfig, "g1", "one", session) == "1", "\(serve.log)")

            try fleets.write("fleets/two.yaml", application("two"))
            try await fleets.commit("a second Application")
            try await ServeProcess.poll("the new Application synced", within: .seconds(30)) {
                try await Self.replicasSetting(kubeconfig, "g1", "two", session) == "1"
            }
            #expect(await serve.terminate() == 0)
        }
    }

    @Test("a Git remote that fails: the last known revision stays, the targets say why, and recover with the remote")
    func failingRemote() async throws {
        let names = ["f1"]
        try await FleetHarness.with(names) { fleet, session in
            try await FleetHarness.register(names, of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", ServeDriftTests.fleet(session))
            let serve = try ServeProcess(session, ["fleet.yaml", "--interval", "1s"])
            try await serve.waitUntilReady()
            let revision = try #require(try await Self.item("heal-f1", session)?["revision"]?.stringValue)

            let away = repo.folder.path + "/away"
            try FileManager.default.moveItem(atPath: repo.path, toPath: away)
            try await ServeProcess.poll("the failure recorded", within: .seconds(30)) {
                try await Self.item("heal-f1", session)?["message"]?.stringValue?.contains("repo") == true
            }
            let failed = try #require(try await Self.item("heal-f1", session))
            #expect(failed["revision"]?.stringValue == revision, "the last known revision stays")
            #expect(failed["syncStatus"]?.stringValue == "Unknown", "\(failed)")

            try FileManager.default.moveItem(atPath: away, toPath: repo.path)
            try await ServeProcess.poll("the recovery", within: .seconds(30)) {
                try await Self.syncStatus("heal-f1", "f1", session) == "Synced"
            }
            #expect(await serve.terminate() == 0)
        }
    }

    /// The `status -o json` item of `application`.
    static func item(_ application: String, _ session: FlotillaSession) async throws -> JSONValue? {
        let status = try await session.run(["status", "-o", "json"])
        return try JSONReader.parse(status.standardOutput)["items"]?.arrayValue?.first {
            $0["application"]?.stringValue == application
        }
    }

    /// Waits until `serve` logged `count` more cycles.
    static func cycles(_ count: Int, of serve: ServeProcess) async throws {
        let seen = serve.log.components(separatedBy: "] cycle").count
        try await ServeProcess.poll("\(count) cycles", within: .seconds(60)) {
            serve.log.components(separatedBy: "] cycle").count >= seen + count
        }
    }

    /// The recorded sync status of `application` on `cluster` (`flotilla status -o json`).
    static func syncStatus(_ application: String, _ cluster: String, _ session: FlotillaSession) async throws -> String?
    {
        let status = try await session.run(["status", "-o", "json"])
        let document = try JSONReader.parse(status.standardOutput)
        return document["items"]?.arrayValue?.first {
            $0["application"]?.stringValue == application && $0["cluster"]?.stringValue == cluster
        }?["syncStatus"]?.stringValue
    }

    /// `data.replicas` of the `settings` ConfigMap in `namespace` on cluster `context`, or nil.
    static func replicasSetting(
        _ kubeconfig: String, _ context: String, _ namespace: String, _ session: FlotillaSession
    ) async throws -> String? {
        try await FleetHarness.configMapValue("replicas", kubeconfig, context, namespace, session)
    }
}
