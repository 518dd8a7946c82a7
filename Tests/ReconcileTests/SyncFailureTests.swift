import FleetModel
import Foundation
import KubeClient
import Testing

@testable import Reconcile

/// What a sync does when a write fails half-way: the objects before it stay applied, later
/// waves are not started, the message names the object and says why, and only what may
/// pass is retried.
@Suite("Sync failures")
struct SyncFailureTests {
    static func object(_ name: String, wave: Int) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "annotations": ["argocd.argoproj.io/sync-wave": .string("\(wave)")]],
            "spec": ["replicas": 1],
        ]
    }

    static func sync(_ api: ScriptedAPI, retry: RetryPolicy? = nil) async throws -> SyncResult {
        let manifests = [("first", 0), ("web", 1), ("last", 2)].map {
            Manifest(object: object($0.0, wave: $0.1), file: "\($0.0).yaml")
        }
        let comparison = try await Differ(api: api, application: "shop", destinationNamespace: "shop").compare(
            manifests, revision: nil)
        return await Syncer(api: api, destinationNamespace: "shop", sleeper: NoSleeper()).sync(
            comparison, settings: SyncSettings(retry: retry, healthTimeout: .zero))
    }

    static let answers: [(name: String, error: KubeError, retried: Bool)] = [
        (
            "409",
            ScriptedAPI.error(
                409,
                [
                    "kind": "Status", "reason": "Conflict", "code": 409,
                    "message":
                        "Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified",
                ]),
            true
        ),
        (
            "500",
            ScriptedAPI.error(
                500, ["kind": "Status", "reason": "InternalError", "code": 500, "message": "etcd leader changed"]), true
        ),
        (
            "422",
            ScriptedAPI.error(
                422,
                [
                    "kind": "Status", "reason": "Invalid", "code": 422,
                    "message": "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1",
                ]),
            false
        ),
        ("unreachable", KubeError(.unreachable, cluster: "scripted", message: "connection refused"), true),
    ]

    @Test(
        "a write that fails in wave 1 (409, 500, 422, the cluster gone mid-sync): wave 0 stays applied, wave 2 is never written",
        arguments: answers.indices)
    func failsInItsTurn(_ index: Int) async throws {
        let answer = Self.answers[index]
        let api = ScriptedAPI(script: .init(applyFailures: ["web": answer.error]))
        let result = try await Self.sync(api, retry: RetryPolicy(limit: 2))
        #expect(!result.succeeded)
        #expect(api.object("first") != nil, "the object before the failure stays applied")
        #expect(api.object("last") == nil, "the wave after it is not started")
        #expect(result.message.hasPrefix("sync wave 1 failed: Deployment/shop/web: "), "\(result.message)")
        #expect(result.message.contains(answer.error.message))
        #expect(result.attempts == (answer.retried ? 3 : 1), "\(answer.name): refusals are not retried, the rest is")
    }
}
