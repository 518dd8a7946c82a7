import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Reconcile
import Synchronization

@testable import Controller

/// What a watch reported, collected for assertions.
final class ChangeLog: Sendable {
    private let changes = Mutex<[TrackedChange]>([])

    var all: [TrackedChange] { changes.withLock { $0 } }

    func record(_ change: TrackedChange) {
        changes.withLock { $0.append(change) }
    }

    var sink: @Sendable (TrackedChange) -> Void { { [self] in record($0) } }
}

/// Polls `condition` every 10 ms for up to `seconds` of real time: watches run in their own tasks.
func eventually(within seconds: Double = 20, _ condition: () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

/// Tracked test objects: labelled and annotated as a sync of `application` leaves them.
enum Objects {
    static let deployments = ResourceType(
        group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true,
        verbs: ["create", "delete", "get", "list", "patch", "update", "watch"])
    static let configMaps = ResourceType(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true,
        verbs: ["create", "delete", "get", "list", "patch", "update", "watch"])

    static func deployment(
        _ name: String, application: String = "web", replicas: Int = 2, generation: Int = 1, version: String,
        ready: Int = 0
    ) -> JSONValue {
        var object: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": "shop", "generation": .int(generation)],
            "spec": ["replicas": .int(replicas)],
        ]
        // Marked as a sync marks the desired object, which has no status nor version.
        object = Tracking.mark(object, application: application)
        return at(version, with(object, ["status"], ["readyReplicas": .int(ready)]))
    }

    static func configMap(
        _ name: String, application: String = "web", data: String = "1", version: String, tracked: Bool = true,
        labels: [String: String] = [:]
    ) -> JSONValue {
        var metadata: JSONObject = ["name": .string(name), "namespace": "shop"]
        if !labels.isEmpty {
            metadata["labels"] = .object(
                JSONObject(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        let object: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata), "data": ["n": .string(data)],
        ]
        return at(version, tracked ? Tracking.mark(object, application: application) : object)
    }

    /// `object` with `metadata.resourceVersion` set to `version`.
    static func at(_ version: String, _ object: JSONValue) -> JSONValue {
        var object = object
        guard case .object(var members) = object, case .object(var metadata)? = members["metadata"] else {
            return object
        }
        metadata["resourceVersion"] = .string(version)
        members["metadata"] = .object(metadata)
        object = .object(members)
        return object
    }

    /// `object` with `path` set to `value`.
    static func with(_ object: JSONValue, _ path: [String], _ value: JSONValue?) -> JSONValue {
        guard let key = path.first, case .object(var members) = object else { return object }
        if path.count == 1 {
            members[key] = value
        } else {
            members[key] = with(members[key] ?? .object(JSONObject()), Array(path.dropFirst()), value)
        }
        return .object(members)
    }
}

/// A clock that moves when told, remembering every wait it was asked for.
final class RecordingClock: Clock, Sendable {
    typealias Instant = ManualClock.Instant
    private let clock = ManualClock()
    private let waits = Mutex<[Duration]>([])

    var now: Instant { clock.now }
    var minimumResolution: Duration { .zero }

    /// Every wait asked for, in order.
    var recorded: [Duration] { waits.withLock { $0 } }
    /// How many tasks are asleep.
    var sleepers: Int { clock.sleepers }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        waits.withLock { $0.append(clock.now.duration(to: deadline)) }
        try await clock.sleep(until: deadline, tolerance: tolerance)
    }

    func advance(by duration: Duration) {
        clock.advance(by: duration)
    }
}
