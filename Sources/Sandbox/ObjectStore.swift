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
    /// The object before the change (for MODIFIED and DELETED), so that a watch with a
    /// selector sees an object that starts or stops matching as ADDED or DELETED, as the
    /// API server's watch cache reports it.
    var previous: JSONValue? = nil
}

/// What a watch's listener receives: changes in order, and the signals that end a watch or
/// ask it for a BOOKMARK.
enum WatchSignal: Sendable {
    /// A change anywhere in the cluster (the watch filters it).
    case event(WatchEvent)
    /// Time for a BOOKMARK (when the client allows them).
    case bookmark
    /// The watch's `timeoutSeconds` passed: a last BOOKMARK, then a clean end.
    case timeout
    /// The connection is cut without a proper end (an injected fault, or the server going down).
    case drop
}

/// The objects of one sandbox cluster, with a cluster-wide resource version and the
/// recent history of changes that watches replay.
struct ObjectStore: Sendable {
    private(set) var objects: [StoreKey: JSONValue] = [:]
    private(set) var resourceVersion = 1
    private(set) var events: [WatchEvent] = []
    /// The resource version after which `events` holds every change: a watch from an older
    /// one may have missed events and is answered `410 Expired`.
    private(set) var historyStart = 1
    private var listeners: [UUID: AsyncStream<WatchSignal>.Continuation] = [:]
    /// How many events are kept for watches to replay (`SandboxOptions.watchHistory`).
    var historyLimit = 10_000

    /// Every change from now on, until `stopListening(id)`; the continuation lets the watch
    /// signal itself (timeouts, bookmarks).
    mutating func listen(id: UUID) -> (AsyncStream<WatchSignal>, AsyncStream<WatchSignal>.Continuation) {
        let (stream, continuation) = AsyncStream<WatchSignal>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        listeners[id] = continuation
        return (stream, continuation)
    }

    mutating func stopListening(_ id: UUID) {
        listeners.removeValue(forKey: id)?.finish()
    }

    /// Cuts every open watch, as a restarting API server or a broken network does.
    mutating func dropListeners() {
        for listener in listeners.values { listener.yield(.drop) }
        listeners.removeAll()
    }

    /// How many watches are open.
    var listenerCount: Int { listeners.count }

    func object(_ key: StoreKey) -> JSONValue? { objects[key] }

    /// A store holding `objects` as saved, continuing from `resourceVersion`.
    init(objects: [StoreKey: JSONValue], resourceVersion: Int) {
        self.objects = objects
        self.resourceVersion = resourceVersion
        historyStart = resourceVersion
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
        let previous = objects[key]
        objects[key] = object
        record(
            WatchEvent(
                type: type, resource: key.resource, namespace: key.namespace, object: object, resourceVersion: version,
                previous: previous))
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
                resourceVersion: version, previous: object))
    }

    /// Events after `version`, for watches that start from a resource version; nil when
    /// `version` is older than the kept history (some of the events after it are gone).
    func events(after version: Int) -> [WatchEvent]? {
        guard version >= historyStart else { return nil }
        guard let first = events.firstIndex(where: { $0.resourceVersion > version }) else { return [] }
        return Array(events[first...])
    }

    private mutating func record(_ event: WatchEvent) {
        for listener in listeners.values { listener.yield(.event(event)) }
        events.append(event)
        if events.count > max(1, historyLimit) {
            // Trimmed in batches, so that recording stays O(1) however long the sandbox runs.
            let excess = events.count - max(1, historyLimit)
            if excess >= max(1, historyLimit / 10) || historyLimit < 100 {
                historyStart = events[excess - 1].resourceVersion
                events.removeFirst(excess)
            }
        }
    }
}
