import FleetModel

/// Everything Flotilla asks of a cluster. `KubeClient` implements it over a
/// transport; tests of other modules may implement it in memory.
public protocol KubeAPI: Sendable {
    /// The cluster's name, for messages.
    var clusterName: String { get }
    /// `/version`.
    func version() async throws(KubeError) -> ServerVersion
    /// The core API versions (`GET /api`): the cheapest call that needs authentication.
    func apiVersions() async throws(KubeError) -> [String]
    /// Every kind the cluster serves (cached; refreshed with `refresh: true`).
    func resources(refresh: Bool) async throws(KubeError) -> [ResourceType]
    /// The resource serving `kind` in `apiVersion`; refreshes discovery once on a miss.
    func resource(apiVersion: String, kind: String) async throws(KubeError) -> ResourceType
    /// One object.
    func get(_ type: ResourceType, namespace: String?, name: String) async throws(KubeError) -> JSONValue
    /// Every object matching `options`, following `continue` tokens; items carry `apiVersion` and `kind`.
    func list(_ type: ResourceType, namespace: String?, options: ListOptions) async throws(KubeError) -> ObjectList
    /// Changes from `resourceVersion` on, until the stream is dropped or the server ends it.
    func watch(
        _ type: ResourceType, namespace: String?, options: ListOptions, resourceVersion: String?
    ) -> AsyncThrowingStream<WatchEvent, any Error>
    /// Creates an object (POST).
    func create(_ object: JSONValue, as type: ResourceType, dryRun: Bool) async throws(KubeError) -> JSONValue
    /// Replaces an existing object (PUT), as `Replace=true` syncs do.
    func replace(_ object: JSONValue, as type: ResourceType) async throws(KubeError) -> JSONValue
    /// Server-side apply of `object`, named by its metadata.
    func apply(_ object: JSONValue, as type: ResourceType, options: ApplyOptions) async throws(KubeError) -> JSONValue
    /// JSON merge patch of one object.
    func mergePatch(
        _ type: ResourceType, namespace: String?, name: String, patch: JSONValue, dryRun: Bool
    ) async throws(KubeError) -> JSONValue
    /// Deletes one object.
    func delete(
        _ type: ResourceType, namespace: String?, name: String, propagation: PropagationPolicy, dryRun: Bool
    ) async throws(KubeError)
}

/// The objects of a list and the collection's resource version (to watch from).
public struct ObjectList: Sendable, Equatable {
    /// The objects, each with `apiVersion` and `kind`.
    public var items: [JSONValue]
    /// `metadata.resourceVersion` of the (first) page.
    public var resourceVersion: String?

    /// A list.
    public init(items: [JSONValue], resourceVersion: String?) {
        self.items = items
        self.resourceVersion = resourceVersion
    }
}

/// One event of a watch.
public struct WatchEvent: Sendable, Equatable {
    /// `ADDED`, `MODIFIED`, `DELETED` or `BOOKMARK`.
    public var type: String
    /// The object (for DELETED, its last state).
    public var object: JSONValue

    /// An event.
    public init(type: String, object: JSONValue) {
        self.type = type
        self.object = object
    }
}
