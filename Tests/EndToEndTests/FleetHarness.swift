import FleetTesting
import Foundation
import Sandbox

/// What end-to-end fleet tests share: sandbox clusters in this process and a Flotilla
/// session with a home of its own, stopped and removed whatever the test does; clusters
/// registered from the sandbox's kubeconfig; a Git repository the fleet files reach as
/// `gitops/repo` (beside them in the session folder).
enum FleetHarness {
    /// Runs `body` with clusters `names` started and a fresh session.
    static func with(
        _ names: [String], options: SandboxOptions = SandboxOptions(),
        _ body: (SandboxFleet, FlotillaSession) async throws -> Void
    ) async throws {
        let fleet = try await SandboxFleet.start(names: names, options: options)
        let session = try FlotillaSession()
        defer { session.remove() }
        do {
            try await body(fleet, session)
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
    }

    /// Writes the fleet's kubeconfig into the session and registers `names` from it
    /// (`extra`: more `cluster add` arguments); the kubeconfig's path.
    @discardableResult
    static func register(
        _ names: [String], of fleet: SandboxFleet, in session: FlotillaSession, _ extra: [String] = []
    ) async throws -> String {
        let kubeconfig = try session.folder.write("kubeconfig", fleet.kubeconfig())
        let added = try await session.run(["cluster", "add", "--kubeconfig", kubeconfig] + names + extra)
        guard added.status == 0 else { throw HarnessFailure(message: "cluster add: \(added.standardError)") }
        return kubeconfig
    }

    /// A repository with `files` committed on `main`, linked as `link` (`gitops` unless told)
    /// in the session folder, so that fleet files reach it as `<link>/repo`; the caller removes its folder.
    static func gitops(
        _ files: [String: String], in session: FlotillaSession, as link: String = "gitops"
    ) async throws -> GitRepository {
        let repo = try await GitRepository()
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) { try repo.write(path, contents) }
        try await repo.commit("fleet sources")
        try FileManager.default.createSymbolicLink(
            atPath: session.folder.path + "/" + link, withDestinationPath: repo.folder.path)
        return repo
    }

    /// A Deployment `web` of `replicas` and a ConfigMap `settings`: the Application most
    /// fleet tests sync.
    static func webManifests(replicas: Int = 1) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: 'nginx:1.27'}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {replicas: '\(replicas)'}
        """
    }

    /// Runs real kubectl against the cluster `context` of `kubeconfig`, caching discovery in the session.
    static func kubectl(
        _ kubeconfig: String, context: String, in session: FlotillaSession, _ arguments: [String]
    ) async throws -> FlotillaProcess.Result {
        try await CommandLineTool.run(
            "kubectl",
            ["--kubeconfig", kubeconfig, "--context", context, "--cache-dir", session.folder.path + "/kube-cache"]
                + arguments)
    }

    /// The value of `key` in the ConfigMap `name` (`settings` by default) in `namespace` of
    /// cluster `context`, read with kubectl; nil when the ConfigMap is not there.
    static func configMapValue(
        _ key: String, _ kubeconfig: String, _ context: String, _ namespace: String, _ session: FlotillaSession,
        name: String = "settings"
    ) async throws -> String? {
        let result = try await kubectl(
            kubeconfig, context: context, in: session,
            ["get", "configmap", name, "-n", namespace, "-o", "jsonpath={.data.\(key)}"])
        return result.status == 0 ? result.standardOutput : nil
    }

    struct HarnessFailure: Error {
        let message: String
    }
}
