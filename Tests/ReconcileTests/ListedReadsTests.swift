import FleetModel
import KubeClient
import Synchronization
import Testing

@testable import Reconcile

/// Waits for health of many targets on one cluster read their objects through shared lists.
@Suite("Reads for the waits for health, shared by list")
struct ListedReadsTests {
    /// Deployments in memory; counts lists and GETs; lists may be forbidden.
    final class CountingAPI: KubeAPI, Sendable {
        let clusterName = "counting"
        let objects: [JSONValue]
        let forbidsLists: Bool
        let namespaces: [String]
        let counts = Mutex((lists: 0, gets: 0))
        static let namespaceType = ResourceType(
            group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, verbs: ["list"])

        init(_ objects: [JSONValue], forbidsLists: Bool = false, namespaces: [String] = []) {
            self.objects = objects
            self.forbidsLists = forbidsLists
            self.namespaces = namespaces
        }

        func version() async throws(KubeError) -> ServerVersion { ServerVersion(gitVersion: "v1.32.0", platform: "") }
        func apiVersions() async throws(KubeError) -> [String] { ["v1"] }
        func resources(refresh: Bool) async throws(KubeError) -> [ResourceType] {
            [ScriptedAPI.deployments, Self.namespaceType]
        }
        func resource(apiVersion: String, kind: String) async throws(KubeError) -> ResourceType {
            ScriptedAPI.deployments
        }

        func get(_ type: ResourceType, namespace: String?, name: String) async throws(KubeError) -> JSONValue {
            counts.withLock { $0.gets += 1 }
            guard let object = objects.first(where: { $0["metadata"]?["name"]?.stringValue == name }) else {
                throw KubeError(.notFound, cluster: clusterName, code: 404, message: "not found")
            }
            return object
        }

        func list(_ type: ResourceType, namespace: String?, options: ListOptions) async throws(KubeError) -> ObjectList
        {
            if type.kind == "Namespace" {
                return ObjectList(items: namespaces.map { ["metadata": ["name": .string($0)]] }, resourceVersion: "1")
            }
            counts.withLock { $0.lists += 1 }
            if forbidsLists { throw KubeError(.forbidden, cluster: clusterName, code: 403, message: "forbidden") }
            let labelled = objects.filter { $0["metadata"]?["labels"]?[Tracking.label] != nil }
            return ObjectList(items: labelled, resourceVersion: "1")
        }

        func watch(
            _ type: ResourceType, namespace: String?, options: ListOptions, resourceVersion: String?
        ) -> AsyncThrowingStream<WatchEvent, any Error> {
            AsyncThrowingStream { $0.finish() }
        }

        func create(_ object: JSONValue, as type: ResourceType, dryRun: Bool) async throws(KubeError) -> JSONValue {
            object
        }
        func replace(_ object: JSONValue, as type: ResourceType) async throws(KubeError) -> JSONValue { object }
        func apply(
            _ object: JSONValue, as type: ResourceType, options: ApplyOptions
        ) async throws(KubeError)
            -> JSONValue
        { object }
        func mergePatch(
            _ type: ResourceType, namespace: String?, name: String, patch: JSONValue, dryRun: Bool
        ) async throws(KubeError) -> JSONValue { patch }
        func delete(
            _ type: ResourceType, namespace: String?, name: String, propagation: PropagationPolicy, dryRun: Bool
        ) async throws(KubeError) {}
    }

    static func deployment(_ name: String, labelled: Bool = true, namespace: String = "shop") -> JSONValue {
        var metadata: JSONObject = ["name": .string(name), "namespace": .string(namespace)]
        if labelled { metadata["labels"] = [Tracking.label: .string(name)] }
        return ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": .object(metadata)]
    }

    @Test("50 reads at once: answered by lists, one per round of readers, no GET")
    func shared() async throws {
        let names = (0..<50).map { "app\($0)" }
        let api = CountingAPI(names.map { Self.deployment($0) })
        let reads = ListedReads(api, applications: names)
        let read = try await withThrowingTaskGroup(of: String.self) { group in
            for name in names {
                group.addTask {
                    try await reads.current(ScriptedAPI.deployments, namespace: "shop", name: name)["metadata"]?[
                        "name"]?
                        .stringValue ?? ""
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(read.sorted() == names.sorted())
        let counts = api.counts.withLock { $0 }
        #expect(counts.gets == 0)
        #expect(counts.lists >= 1 && counts.lists < names.count, "\(counts.lists) lists")
    }

    @Test("an object the list does not hold is read with a GET")
    func unlabelled() async throws {
        let api = CountingAPI([Self.deployment("web", labelled: false)])
        let object = try await ListedReads(api, applications: ["web"]).current(
            ScriptedAPI.deployments, namespace: "shop", name: "web")
        #expect(object["metadata"]?["name"] == "web")
        #expect(api.counts.withLock { $0 } == (lists: 1, gets: 1))
    }

    @Test("a kind we may not list is read with GETs from then on")
    func forbidden() async throws {
        let api = CountingAPI([Self.deployment("web")], forbidsLists: true)
        let reads = ListedReads(api, applications: ["web"])
        for _ in 0..<3 { _ = try await reads.current(ScriptedAPI.deployments, namespace: "shop", name: "web") }
        #expect(api.counts.withLock { $0 } == (lists: 1, gets: 3))
    }

    @Test("with the namespaces listed, an object whose namespace does not exist is to create without a GET")
    func missingNamespace() async throws {
        for (namespace, gets) in [("shop", 0), ("default", 1)] {
            let api = CountingAPI([], namespaces: ["default"])
            let tracked = try await TrackedObjects.list(api, applications: ["web"], namespaces: true)
            let comparison = try await Differ(
                api: api, application: "web", destinationNamespace: namespace, tracked: tracked, showsCreates: false
            ).compare([Manifest(object: Self.deployment("web", namespace: namespace), file: "web.yaml")], revision: nil)
            #expect(comparison.changes.map(\.action) == [.create])
            #expect(api.counts.withLock { $0.gets } == gets, "in \(namespace)")
        }
    }
}
