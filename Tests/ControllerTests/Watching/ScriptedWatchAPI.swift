import FleetModel
import KubeClient
import Synchronization

/// A cluster whose lists and watches a test scripts: each list answers the next queued
/// result (else the type's current objects), each watch opens a stream the test feeds.
final class ScriptedWatchAPI: KubeAPI, Sendable {
    /// One list or watch call, as the watch made it.
    struct Call: Sendable, Equatable {
        let verb: String
        let plural: String
        let labelSelector: String?
        let resourceVersion: String?
        let timeoutSeconds: Int?
    }

    private struct State {
        var calls: [Call] = []
        var lists: [String: [Result<ObjectList, KubeError>]] = [:]
        var current: [String: ObjectList] = [:]
        var streams: [String: [AsyncThrowingStream<WatchEvent, any Error>.Continuation]] = [:]
        var ended: [String: Int] = [:]
        var types: [ResourceType] = []
    }

    private let state = Mutex(State())
    let clusterName: String

    init(name: String = "c1", types: [ResourceType] = []) {
        clusterName = name
        state.withLock { $0.types = types }
    }

    // MARK: scripting

    /// What lists of `plural` answer when nothing is queued.
    func setObjects(_ plural: String, _ items: [JSONValue], version: String) {
        state.withLock { $0.current[plural] = ObjectList(items: items, resourceVersion: version) }
    }

    /// Answers the next list of `plural` with `result`.
    func queueList(_ plural: String, _ result: Result<ObjectList, KubeError>) {
        state.withLock { $0.lists[plural, default: []].append(result) }
    }

    var calls: [Call] { state.withLock { $0.calls } }

    func calls(_ verb: String, _ plural: String) -> [Call] {
        calls.filter { $0.verb == verb && $0.plural == plural }
    }

    /// How many watches of `plural` were opened.
    func watchCount(_ plural: String) -> Int { state.withLock { $0.streams[plural]?.count ?? 0 } }

    /// How many watches of `plural` the client stopped listening to.
    func endedCount(_ plural: String) -> Int { state.withLock { $0.ended[plural] ?? 0 } }

    /// The latest watch of `plural`.
    func stream(_ plural: String) -> AsyncThrowingStream<WatchEvent, any Error>.Continuation? {
        state.withLock { $0.streams[plural]?.last }
    }

    /// Sends `type` of `object` on the latest watch of `plural`.
    func send(_ plural: String, _ type: String, _ object: JSONValue) {
        stream(plural)?.yield(WatchEvent(type: type, object: object))
    }

    // MARK: KubeAPI

    func version() async throws(KubeError) -> ServerVersion { ServerVersion(gitVersion: "v1.36.0", platform: "") }
    func apiVersions() async throws(KubeError) -> [String] { ["v1"] }
    func resources(refresh: Bool) async throws(KubeError) -> [ResourceType] { state.withLock { $0.types } }

    func resource(apiVersion: String, kind: String) async throws(KubeError) -> ResourceType {
        guard let type = state.withLock({ $0.types }).first(where: { $0.apiVersion == apiVersion && $0.kind == kind })
        else {
            throw KubeError(
                .notFound, cluster: clusterName,
                message: "the server does not serve kind \"\(kind)\" in \"\(apiVersion)\"")
        }
        return type
    }

    func get(_ type: ResourceType, namespace: String?, name: String) async throws(KubeError) -> JSONValue {
        throw KubeError(.notFound, cluster: clusterName, message: "not scripted")
    }

    func list(_ type: ResourceType, namespace: String?, options: ListOptions) async throws(KubeError) -> ObjectList {
        let result = state.withLock { state -> Result<ObjectList, KubeError> in
            state.calls.append(
                Call(
                    verb: "list", plural: type.plural, labelSelector: options.labelSelector, resourceVersion: nil,
                    timeoutSeconds: nil))
            if var queued = state.lists[type.plural], !queued.isEmpty {
                let next = queued.removeFirst()
                state.lists[type.plural] = queued
                return next
            }
            return .success(state.current[type.plural] ?? ObjectList(items: [], resourceVersion: "1"))
        }
        return try result.get()
    }

    func watch(
        _ type: ResourceType, namespace: String?, options: ListOptions, resourceVersion: String?
    ) -> AsyncThrowingStream<WatchEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let plural = type.plural
        continuation.onTermination = { [weak self] _ in self?.state.withLock { $0.ended[plural, default: 0] += 1 } }
        state.withLock { state in
            state.calls.append(
                Call(
                    verb: "watch", plural: type.plural, labelSelector: options.labelSelector,
                    resourceVersion: resourceVersion, timeoutSeconds: options.timeoutSeconds))
            state.streams[type.plural, default: []].append(continuation)
        }
        return stream
    }

    func create(_ object: JSONValue, as type: ResourceType, dryRun: Bool) async throws(KubeError) -> JSONValue {
        object
    }

    func replace(_ object: JSONValue, as type: ResourceType) async throws(KubeError) -> JSONValue { object }

    func apply(_ object: JSONValue, as type: ResourceType, options: ApplyOptions) async throws(KubeError) -> JSONValue {
        object
    }

    func mergePatch(
        _ type: ResourceType, namespace: String?, name: String, patch: JSONValue, dryRun: Bool
    ) async throws(KubeError) -> JSONValue {
        patch
    }

    func delete(
        _ type: ResourceType, namespace: String?, name: String, propagation: PropagationPolicy, dryRun: Bool
    ) async throws(KubeError) {}
}
