import FleetModel
import KubeClient
import Synchronization

/// A cluster in memory that serves ConfigMaps and Namespaces: objects are stored as applied,
/// a dry run answers what it was given. `gate` runs before every write (`apply`, `create`,
/// `delete`), so a test can hold writes back, count them or fail them; `probeFails` makes
/// `/version` fail as an unreachable cluster does.
public final class MemoryCluster: KubeAPI, Sendable {
    public static let configMaps = ResourceType(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true,
        verbs: ["get", "list", "create", "update", "patch", "delete"])
    public static let namespaces = ResourceType(
        group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false,
        verbs: ["get", "list", "create", "update", "patch", "delete"])

    public let clusterName: String
    private let probeFails: Bool
    private let gate: @Sendable (_ verb: String, _ key: ResourceKey) async throws -> Void
    private let objects = Mutex<[ResourceKey: JSONValue]>([:])

    /// A cluster called `name`.
    public init(
        _ name: String, probeFails: Bool = false,
        gate: @escaping @Sendable (_ verb: String, _ key: ResourceKey) async throws -> Void = { _, _ in }
    ) {
        clusterName = name
        self.probeFails = probeFails
        self.gate = gate
    }

    /// The stored objects' keys, sorted.
    public var keys: [ResourceKey] { objects.withLock { $0.keys.sorted() } }

    public func version() async throws(KubeError) -> ServerVersion {
        if probeFails { throw KubeError(.unreachable, cluster: clusterName, message: "connection refused") }
        return ServerVersion(gitVersion: "v1.36.2", platform: "linux/amd64")
    }

    public func apiVersions() async throws(KubeError) -> [String] { ["v1"] }
    public func resources(refresh: Bool) async throws(KubeError) -> [ResourceType] {
        [Self.configMaps, Self.namespaces]
    }

    public func resource(apiVersion: String, kind: String) async throws(KubeError) -> ResourceType {
        guard apiVersion == "v1", let type = [Self.configMaps, Self.namespaces].first(where: { $0.kind == kind }) else {
            throw KubeError(.notFound, cluster: clusterName, code: 404, message: "no \(kind) in \(apiVersion)")
        }
        return type
    }

    public func get(_ type: ResourceType, namespace: String?, name: String) async throws(KubeError) -> JSONValue {
        let key = ResourceKey(group: "", kind: type.kind, namespace: namespace ?? "", name: name)
        guard let object = objects.withLock({ $0[key] }) else {
            throw KubeError(.notFound, cluster: clusterName, code: 404, message: "\(type) \"\(name)\" not found")
        }
        return object
    }

    public func list(
        _ type: ResourceType, namespace: String?, options: ListOptions
    ) async throws(KubeError) -> ObjectList {
        let items = objects.withLock { stored in stored.filter { $0.key.kind == type.kind }.sorted { $0.key < $1.key } }
        return ObjectList(items: items.map(\.value), resourceVersion: "1")
    }

    public func watch(
        _ type: ResourceType, namespace: String?, options: ListOptions, resourceVersion: String?
    ) -> AsyncThrowingStream<WatchEvent, any Error> {
        AsyncThrowingStream { $0.finish() }
    }

    public func create(_ object: JSONValue, as type: ResourceType, dryRun: Bool) async throws(KubeError) -> JSONValue {
        try await store(object, verb: "create", dryRun: dryRun)
    }

    public func replace(_ object: JSONValue, as type: ResourceType) async throws(KubeError) -> JSONValue {
        try await store(object, verb: "replace", dryRun: false)
    }

    public func apply(
        _ object: JSONValue, as type: ResourceType, options: ApplyOptions
    ) async throws(KubeError) -> JSONValue {
        try await store(object, verb: "apply", dryRun: options.dryRun)
    }

    public func mergePatch(
        _ type: ResourceType, namespace: String?, name: String, patch: JSONValue, dryRun: Bool
    ) async throws(KubeError) -> JSONValue {
        throw KubeError(.methodNotAllowed, cluster: clusterName, code: 405, message: "not served")
    }

    public func delete(
        _ type: ResourceType, namespace: String?, name: String, propagation: PropagationPolicy, dryRun: Bool
    ) async throws(KubeError) {
        let key = ResourceKey(group: "", kind: type.kind, namespace: namespace ?? "", name: name)
        try await pass("delete", key)
        guard !dryRun else { return }
        _ = objects.withLock { $0.removeValue(forKey: key) }
    }

    /// Changes a stored object as someone else would (drift): `change` gets it and returns its new state.
    public func edit(_ key: ResourceKey, _ change: (JSONValue) -> JSONValue) {
        objects.withLock { stored in
            if let object = stored[key] { stored[key] = change(object) }
        }
    }

    /// The stored object of `key`, if any.
    public func object(_ key: ResourceKey) -> JSONValue? {
        objects.withLock { $0[key] }
    }

    /// Runs the gate; what it throws reaches the caller as a `KubeError`.
    private func pass(_ verb: String, _ key: ResourceKey) async throws(KubeError) {
        do {
            try await gate(verb, key)
        } catch let error as KubeError {
            throw error
        } catch {
            throw KubeError(.cancelled, cluster: clusterName, message: "\(error)")
        }
    }

    private func store(_ object: JSONValue, verb: String, dryRun: Bool) async throws(KubeError) -> JSONValue {
        guard !dryRun else { return object }
        try await pass(verb, ResourceKey(object))
        objects.withLock { $0[ResourceKey(object)] = object }
        return object
    }
}
