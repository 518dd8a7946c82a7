import CurlTransport
import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Reconcile
import Sandbox

/// A sandbox cluster, a client of it over libcurl, and a reconciler with its own Git cache.
struct SandboxTarget {
    let fleet: SandboxFleet
    let api: KubeClient
    let cache: TemporaryFolder

    var cluster: SandboxCluster { fleet.members[0].cluster }

    static func with(_ body: (SandboxTarget) async throws -> Void) async throws {
        let fleet = try await SandboxFleet.start(
            names: ["rc"], options: SandboxOptions(rolloutDelay: .milliseconds(200), progressDeadline: .seconds(1)))
        let member = fleet.members[0]
        let endpoint = ClusterEndpoint(
            name: "rc", server: member.server.url,
            certificateAuthority: Data(member.cluster.pki.caCertificatePEM.utf8), credential: .token(member.adminToken))
        let cache = try TemporaryFolder()
        defer { cache.remove() }
        let target = SandboxTarget(
            fleet: fleet, api: KubeClient(transport: CurlTransport(endpoint: endpoint)), cache: cache)
        do {
            try await body(target)
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
    }

    var reconciler: Reconciler {
        Reconciler(api: api, renderer: SourceRenderer(cacheDirectory: cache.path + "/repos"))
    }

    /// An Application of `repo`'s `path` into namespace `shop`, with extra spec YAML.
    static func application(
        _ name: String, repo: String, path: String = "app", extra: String = ""
    ) throws -> Application {
        let text = """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: \(name)}
            spec:
              project: default
              source: {repoURL: '\(repo)', targetRevision: main, path: \(path)}
              destination: {name: rc, namespace: shop}
            \(extra)
            """
        return try Application(reading: YAMLLoader.load(text, file: "app.yaml")[0].reader)
    }

    /// The object's live state.
    func live(_ apiVersion: String, _ kind: String, _ namespace: String?, _ name: String) async throws -> JSONValue? {
        let type = try await api.resource(apiVersion: apiVersion, kind: kind)
        do {
            return try await api.get(type, namespace: namespace, name: name)
        } catch  where error.reason == .notFound {
            return nil
        }
    }
}

enum Manifests {
    static func deployment(replicas: Int = 2, image: String = "nginx:1.27", annotations: String = "{}") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, annotations: \(annotations)}
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: \(image)
                ports: [{containerPort: 80}]
        """
    }

    static let service = """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80}]
        """

    static func configMap(_ name: String, annotations: String = "{}") -> String {
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: \(name), annotations: \(annotations)}
        data: {greeting: hello}
        """
    }

    static func job(_ name: String, hook: String, image: String = "busybox:1.36", wave: Int = 0) -> String {
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: \(name)
          annotations: {argocd.argoproj.io/hook: \(hook), argocd.argoproj.io/sync-wave: '\(wave)'}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: run, image: '\(image)'}]
        """
    }
}
