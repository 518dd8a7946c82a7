import FleetModel
import FleetTesting
import KubeClient
import Reconcile
import Synchronization
import Testing

@Suite("Request observers: what KubeClient and SourceRenderer tell metrics")
struct RequestObserverTests {
    /// Answers every request with `status` and an empty JSON object, or fails when `status` is 0.
    struct CannedTransport: KubeTransport {
        var status: Int
        var clusterName: String { "prod" }

        func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
            guard status != 0 else { throw KubeError(.unreachable, cluster: "prod", message: "connection refused") }
            return KubeResponse(status: status, body: Array(#"{"kind":"Status","code":\#(status)}"#.utf8))
        }

        func stream(_ request: KubeRequest) -> AsyncThrowingStream<[UInt8], any Error> {
            AsyncThrowingStream { $0.finish() }
        }
    }

    final class Records<Record: Sendable>: Sendable {
        let items = Mutex<[Record]>([])
        func append(_ record: Record) { items.withLock { $0.append(record) } }
        var all: [Record] { items.withLock { $0 } }
    }

    static let deployments = ResourceType(
        group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true,
        verbs: ["get", "list", "patch"])

    @Test("each request's verb, kind, namespace and answer (0: none)", arguments: [200, 404, 0])
    func kubeRequests(_ status: Int) async {
        let records = Records<KubeRequestRecord>()
        let client = KubeClient(transport: CannedTransport(status: status), observer: records.append)
        _ = try? await client.get(Self.deployments, namespace: "web", name: "api")
        _ = try? await client.delete(
            Self.deployments, namespace: "web", name: "api", propagation: .background, dryRun: false)
        #expect(records.all.map(\.verb) == ["get", "delete"])
        #expect(records.all.map(\.resourceKind) == ["Deployment", "Deployment"])
        #expect(records.all.map(\.resourceNamespace) == ["web", "web"])
        #expect(records.all.map(\.responseCode) == [status, status])
        #expect(records.all.allSatisfy { $0.cluster == "prod" })
    }

    @Test("a request made while the engine works for an Application names it; others name none")
    func attribution() async {
        let records = Records<KubeRequestRecord>()
        let client = KubeClient(transport: CannedTransport(status: 200), observer: records.append)
        let web = RequestAttribution(name: "web", namespace: "team-a", project: "platform")
        await RequestAttribution.$current.withValue(web) {
            _ = try? await client.get(Self.deployments, namespace: "web", name: "api")
        }
        _ = try? await client.get(Self.deployments, namespace: "web", name: "api")
        #expect(records.all.map(\.application) == [web, nil])
    }

    @Test("a git fetch is told to the git observer; a local folder is not fetched")
    func gitFetches() async throws {
        let repository = try await GitRepository()
        defer { repository.folder.remove() }
        try repository.write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
        _ = try await repository.commit("first")
        let cache = try TemporaryFolder()
        defer { cache.remove() }
        let records = Records<GitRequestRecord>()
        let renderer = SourceRenderer(cacheDirectory: cache.path, gitObserver: records.append)
        let source = ApplicationSource(repoURL: repository.path, targetRevision: "HEAD", path: "app")
        let rendered = try await renderer.render(source)
        #expect(rendered.manifests.count == 1)
        #expect(!records.all.isEmpty)
        #expect(records.all.allSatisfy { $0.kind == .fetch && !$0.failed && $0.repoURL == repository.path })
    }
}
