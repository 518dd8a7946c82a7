import FleetModel
import Foundation

/// Where a stored object lives: its resource, namespace and name.
struct StoreKey: Hashable, Sendable, Comparable {
    let resource: String
    let namespace: String
    let name: String

    init(_ resource: APIResource, namespace: String?, name: String) {
        self.init(resource: resource.qualifiedPlural, namespace: namespace ?? "", name: name)
    }

    init(resource: String, namespace: String, name: String) {
        self.resource = resource
        self.namespace = namespace
        self.name = name
    }

    static func < (lhs: StoreKey, rhs: StoreKey) -> Bool {
        (lhs.resource, lhs.namespace, lhs.name) < (rhs.resource, rhs.namespace, rhs.name)
    }
}

/// A change, as a watch reports it.
struct WatchEvent: Sendable {
    let type: String
    let resource: String
    let namespace: String
    let object: JSONValue
    let resourceVersion: Int
}

/// The objects of one sandbox cluster, with a cluster-wide resource version and the
/// recent history of changes that watches replay.
struct ObjectStore: Sendable {
    private(set) var objects: [StoreKey: JSONValue] = [:]
    private(set) var resourceVersion = 1
    private(set) var events: [WatchEvent] = []
    private var listeners: [UUID: AsyncStream<WatchEvent>.Continuation] = [:]
    private static let historyLimit = 10_000

    /// Every change from now on, until `stopListening(id)`.
    mutating func listen(id: UUID) -> AsyncStream<WatchEvent> {
        let (stream, continuation) = AsyncStream<WatchEvent>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        listeners[id] = continuation
        return stream
    }

    mutating func stopListening(_ id: UUID) {
        listeners.removeValue(forKey: id)?.finish()
    }

    func object(_ key: StoreKey) -> JSONValue? { objects[key] }

    /// A store holding `objects` as saved, continuing from `resourceVersion`.
    init(objects: [StoreKey: JSONValue], resourceVersion: Int) {
        self.objects = objects
        self.resourceVersion = resourceVersion
    }

    init() {}

    /// The objects of `resource` (in `namespace` when given), sorted by namespace and name.
    func list(_ resource: APIResource, namespace: String?) -> [(StoreKey, JSONValue)] {
        objects.filter { key, _ in
            key.resource == resource.qualifiedPlural && (namespace == nil || key.namespace == namespace)
        }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Takes the next resource version.
    mutating func nextResourceVersion() -> Int {
        resourceVersion += 1
        return resourceVersion
    }

    /// Stores `object` (whose `metadata.resourceVersion` the caller set to `version`) and records the event.
    mutating func put(_ key: StoreKey, _ object: JSONValue, type: String, version: Int) {
        objects[key] = object
        record(
            WatchEvent(
                type: type, resource: key.resource, namespace: key.namespace, object: object, resourceVersion: version))
    }

    /// Removes the object and records its last state as DELETED.
    mutating func remove(_ key: StoreKey) {
        guard let object = objects.removeValue(forKey: key) else { return }
        let version = nextResourceVersion()
        var last = object
        last.setMetadata("resourceVersion", .string(String(version)))
        record(
            WatchEvent(
                type: "DELETED", resource: key.resource, namespace: key.namespace, object: last,
                resourceVersion: version))
    }

    /// Events after `version`, for watches that start from a resource version.
    func events(after version: Int) -> [WatchEvent] {
        events.filter { $0.resourceVersion > version }
    }

    private mutating func record(_ event: WatchEvent) {
        for listener in listeners.values { listener.yield(event) }
        events.append(event)
        if events.count > Self.historyLimit { events.removeFirst(events.count - Self.historyLimit) }
    }
}
