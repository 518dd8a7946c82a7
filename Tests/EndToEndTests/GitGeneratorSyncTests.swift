import FleetTesting
import Foundation
import Testing

/// Git generators through the whole pipeline, not only `generate`: `sync` deploys one
/// Application per folder and retires the one whose folder went; `serve` picks up a new
/// folder within its interval.
@Suite("Git generators in sync and serve")
struct GitGeneratorSyncTests {
    /// One Application per folder `apps/*` of `gitops/repo` (but `apps/legacy`) on every
    /// cluster, in the folder's namespace, automated; Applications it stops generating are deleted.
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: apps}
        spec:
          syncPolicy: {applicationsSync: sync}
          generators:
            - matrix:
                generators:
                  - git:
                      repoURL: gitops/repo
                      revision: main
                      directories: [{path: 'apps/*'}, {path: apps/legacy, exclude: true}]
                  - clusters: {}
          template:
            metadata: {name: '<<path.basename>>-<<name>>'}
            spec:
              project: default
              source: {repoURL: gitops/repo, targetRevision: main, path: '<<path>>'}
              destination: {name: '<<name>>', namespace: '<<path.basenameNormalized>>'}
              syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
        """

    /// A ConfigMap `settings` naming `app`.
    static func settings(_ app: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {app: \(app)}\n"
    }

    /// The `app` value of the ConfigMap `settings` in `namespace` of cluster `context`, nil when there is none.
    static func setting(
        _ kubeconfig: String, _ context: String, _ namespace: String, _ session: FlotillaSession
    ) async throws -> String? {
        try await FleetHarness.configMapValue("app", kubeconfig, context, namespace, session)
    }

    @Test("sync deploys one Application per folder on each cluster; a removed folder's Application is retired")
    func syncFollowsTheFolders() async throws {
        let names = ["g1", "g2"]
        try await FleetHarness.with(names) { fleet, session in
            let kubeconfig = try await FleetHarness.register(names, of: fleet, in: session)
            let repo = try await FleetHarness.gitops(
                [
                    "apps/web/settings.yaml": Self.settings("web"), "apps/api/settings.yaml": Self.settings("api"),
                    "apps/legacy/settings.yaml": Self.settings("legacy"),
                ], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", Self.fleet)

            let sync = try await session.run(["sync", "fleet.yaml"])
            #expect(sync.status == 0, "\(sync.standardOutput)\(sync.standardError)")
            for name in names {
                #expect(try await Self.setting(kubeconfig, name, "web", session) == "web")
                #expect(try await Self.setting(kubeconfig, name, "api", session) == "api")
                #expect(try await Self.setting(kubeconfig, name, "legacy", session) == nil)
            }
            let status = try await session.run(["status", "-o", "json"])
            #expect(status.status == 0, "\(status.standardError)")
            for app in ["web-g1", "web-g2", "api-g1", "api-g2"] {
                #expect(status.standardOutput.contains("\"\(app)\""), "\(status.standardOutput)")
            }

            try repo.remove("apps/api/settings.yaml")
            try repo.write("apps/batch/settings.yaml", Self.settings("batch"))
            try await repo.commit("batch in, api out")
            let again = try await session.run(["sync", "fleet.yaml"])
            #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
            for name in names {
                #expect(try await Self.setting(kubeconfig, name, "batch", session) == "batch")
                #expect(try await Self.setting(kubeconfig, name, "api", session) == nil, "\(again.standardOutput)")
            }
            let after = try await session.run(["status", "-o", "json"])
            #expect(!after.standardOutput.contains("\"api-g1\""), "\(after.standardOutput)")
            #expect(after.standardOutput.contains("\"batch-g1\""))
        }
    }

    @Test("a git generator's repository that cannot be read fails sync at the generator's line, nothing written")
    func unreadableRepository() async throws {
        try await FleetHarness.with(["g1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["g1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["apps/web/settings.yaml": Self.settings("web")], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write(
                "fleet.yaml", Self.fleet.replacingOccurrences(of: "revision: main", with: "revision: gone"))
            let sync = try await session.run(["sync", "fleet.yaml"])
            #expect(sync.status == 2, "\(sync.standardOutput)\(sync.standardError)")
            #expect(sync.standardError.contains("fleet.yaml:9"), "\(sync.standardError)")
            #expect(sync.standardError.contains("gitops/repo@gone"), "\(sync.standardError)")
            #expect(try await Self.setting(kubeconfig, "g1", "web", session) == nil)
        }
    }

    @Test("serve deploys a new folder's Application when the generator's repository is pushed, before its interval")
    func serveFollowsTheFolders() async throws {
        try await FleetHarness.with(["g1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["g1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["apps/web/settings.yaml": Self.settings("web")], in: session)
            defer { repo.folder.remove() }
            let url = "file://\(session.folder.path)/gitops/repo"
            _ = try session.folder.write("fleet.yaml", Self.fleet.replacingOccurrences(of: "gitops/repo", with: url))
            let secrets = try session.folder.write("secrets.yaml", "github: not-a-real-secret\n")
            let serve = try ServeProcess(session, ["fleet.yaml", "--interval", "1h", "--webhook-secret-file", secrets])
            try await serve.waitUntilReady()
            #expect(try await Self.setting(kubeconfig, "g1", "web", session) == "web", "\(serve.log)")

            try repo.write("apps/batch/settings.yaml", Self.settings("batch"))
            let commit = try await repo.commit("batch")
            let body = #"{"ref": "refs/heads/main", "after": "\#(commit)", "repository": {"clone_url": "\#(url)"}}"#
            let pushed = try await ServeDriftTests.push(body, secret: "not-a-real-secret", to: serve)
            #expect(pushed.status == 200, "\(pushed.body)")
            try await ServeProcess.poll("the new folder's Application", within: .seconds(10)) {
                try await Self.setting(kubeconfig, "g1", "batch", session) == "batch"
            }
            #expect(await serve.terminate() == 0, "\(serve.log)")
        }
    }
}
