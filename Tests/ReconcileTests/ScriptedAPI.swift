import FleetModel
import Foundation
import KubeClient
import Synchronization

/// A cluster in memory that answers as scripted: objects by key, and an answer (a body or an
/// error) per verb, so that a test can put a real API server's recorded answers in front of
/// the differ and the syncer.
final class ScriptedAPI: KubeAPI, Sendable {
    /// What one kind of request answers: the object stored, a fixed body, or an error.
    enum Answer: Sendable {
        case stored
        case body(JSONValue)
        case failure(KubeError)
    }

    struct Script: Sendable {
        var get: Answer = .stored
        var dryRun: Answer = .stored
        var apply: Answer = .stored
        var replace: Answer = .stored
        /// Applies of these objects (by name) fail so, whatever `apply` says.
        var applyFailures: [String: KubeError] = [:]
    }

    static let deployments = ResourceType(
        group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true,
        verbs: ["get", "list", "create", "update", "patch", "delete"])

    let clusterName = "scripted"
    private let state: Mutex<(objects: [String: JSONValue], script: Script, calls: [String])>

    init(objects: [JSONValue] = [], script: Script = Script()) {
        state = Mutex((Dictionary(uniqueKeysWithValues: objects.map { (Self.name(of: $0), $0) }), script, []))
    }

    /// The verbs received, in order (`apply`, `dry-run`, `replace`, `delete`, `get`).
    var calls: [String] { state.withLock { $0.calls } }

    /// The stored object `name`.
    func object(_ name: String) -> JSONValue? { state.withLock { $0.objects[name] } }

    func rescript(_ change: (inout Script) -> Void) { state.withLock { change(&$0.script) } }

    static func error(_ code: Int, _ body: JSONValue) -> KubeError {
        KubeError(response: KubeResponse(status: code, body: Array(JSONWriter.compact(body).utf8)), cluster: "scripted")
    }

    private static func name(of object: JSONValue) -> String { object["metadata"]?["name"]?.stringValue ?? "" }

    private func answer(_ verb: String, _ pick: (Script) -> Answer, name: String) throws(KubeError) -> JSONValue? {
        let (answer, stored) = state.withLock { state in
            state.calls.append(verb)
            return (pick(state.script), state.objects[name])
        }
        switch answer {
        case .stored: return stored
        case .body(let body): return body
        case .failure(let error): throw error
        }
    }

    private func write(_ verb: String, _ pick: (Script) -> Answer, _ object: JSONValue) throws(KubeError) -> JSONValue {
        let answer = state.withLock { state in
            state.calls.append(verb)
            let failure = verb == "apply" ? state.script.applyFailures[Self.name(of: object)] : nil
            return failure.map(Answer.failure) ?? pick(state.script)
        }
        switch answer {
        case .failure(let error): throw error
        case .body(let body): return body
        case .stored:
            state.withLock { $0.objects[Self.name(of: object)] = object }
            return object
        }
    }

    func version() async throws(KubeError) -> ServerVersion { ServerVersion(gitVersion: "v1.36.2", platform: "") }
    func apiVersions() async throws(KubeError) -> [String] { ["v1"] }
    func resources(refresh: Bool) async throws(KubeError) -> [ResourceType] { [Self.deployments] }
    func resource(apiVersion: String, kind: String) async throws(KubeError) -> ResourceType { Self.deployments }

    func get(_ type: ResourceType, namespace: String?, name: String) async throws(KubeError) -> JSONValue {
        guard let object = try answer("get", \.get, name: name) else {
            throw KubeError(
                .notFound, cluster: clusterName, code: 404, message: "deployments.apps \"\(name)\" not found")
        }
        return object
    }

    func list(_ type: ResourceType, namespace: String?, options: ListOptions) async throws(KubeError) -> ObjectList {
        ObjectList(items: [], resourceVersion: "1")
    }

    func watch(
        _ type: ResourceType, namespace: String?, options: ListOptions, resourceVersion: String?
    ) -> AsyncThrowingStream<WatchEvent, any Error> {
        AsyncThrowingStream { $0.finish() }
    }

    func create(_ object: JSONValue, as type: ResourceType, dryRun: Bool) async throws(KubeError) -> JSONValue {
        try write("create", \.apply, object)
    }

    func replace(_ object: JSONValue, as type: ResourceType) async throws(KubeError) -> JSONValue {
        try write("replace", \.replace, object)
    }

    func apply(_ object: JSONValue, as type: ResourceType, options: ApplyOptions) async throws(KubeError) -> JSONValue {
        if options.dryRun {
            return try answer("dry-run", \.dryRun, name: Self.name(of: object)) ?? object
        }
        return try write("apply", \.apply, object)
    }

    func mergePatch(
        _ type: ResourceType, namespace: String?, name: String, patch: JSONValue, dryRun: Bool
    ) async throws(KubeError) -> JSONValue {
        throw KubeError(.methodNotAllowed, cluster: clusterName, code: 405, message: "not scripted")
    }

    func delete(
        _ type: ResourceType, namespace: String?, name: String, propagation: PropagationPolicy, dryRun: Bool
    ) async throws(KubeError) {
        state.withLock { state in
            state.calls.append("delete")
            state.objects[name] = nil
        }
    }
}
