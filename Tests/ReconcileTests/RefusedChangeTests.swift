import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Testing

@testable import Reconcile

/// The differ and the syncer in front of what a real kube-apiserver 1.36 answered
/// (`Fixtures/kube-api`, copied from shared/kube-api): its key order, its refusals.
@Suite("Refused changes and real answers")
struct RefusedChangeTests {
    static let namespace = "tx-ssa-deployment-lifecycle"

    /// The steps of the recorded Deployment lifecycle.
    static let steps: [JSONValue] = {
        let path = Fixtures.folder() + "/kube-api/ssa-deployment-lifecycle.json"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return (try? JSONReader.parse(Array(text.utf8)))?["steps"]?.arrayValue ?? []
    }()

    static func response(_ index: Int) -> JSONValue { steps[index]["response"]?["body"] ?? .null }
    static func request(_ index: Int) -> JSONValue { steps[index]["request"]?["body"] ?? .null }

    /// The live Deployment as a list item comes back: `apiVersion` and `kind` first (the
    /// server's own GET puts `kind` first).
    static var live: JSONValue {
        guard case .object(let members) = response(3) else { return .null }
        let rest = members.members.filter { !["apiVersion", "kind"].contains($0.key) }
        return .object(
            JSONObject([("apiVersion", members["apiVersion"] ?? .null), ("kind", members["kind"] ?? .null)] + rest))
    }

    /// The recorded objects carry no tracking id: the Application adopts them.
    static func compare(_ api: ScriptedAPI, _ desired: JSONValue, adopts: Bool = true) async throws -> Comparison {
        try await Differ(api: api, application: "shop", destinationNamespace: namespace, adoptsExisting: adopts)
            .compare([Manifest(object: desired, file: "web.yaml")], revision: nil)
    }

    @Test("the recorded steps are there: a test over an empty fixture would prove nothing")
    func fixture() {
        #expect(Self.steps.count == 11)
        #expect(Self.response(2)["kind"] != nil && Self.response(4)["code"] == 422)
    }

    @Test("a dry run answered kind-first against a live object apiVersion-first diffs only what changed")
    func keyOrder() async throws {
        let api = ScriptedAPI(objects: [Self.live], script: .init(dryRun: .body(Self.response(2))))
        let comparison = try await Self.compare(api, Self.request(2))
        let change = try #require(comparison.changes.first)
        #expect(change.action == .update)
        let changed = change.diff.split(separator: "\n").filter {
            ($0.hasPrefix("-") || $0.hasPrefix("+")) && !$0.hasPrefix("---") && !$0.hasPrefix("+++")
        }
        #expect(changed == ["-  replicas: 2", "+  replicas: 3"], "\(change.diff)")
        // Without one order for both sides, the same two answers carry a false hunk.
        let unordered = UnifiedDiff.render(
            old: YAMLWriter.document(Normalizer.normalized(Self.live, rules: [], owners: nil)),
            new: YAMLWriter.document(Normalizer.normalized(Self.response(2), rules: [], owners: nil)), oldLabel: "live",
            newLabel: "git")
        #expect(unordered.contains("-apiVersion: apps/v1") && unordered.contains("+apiVersion: apps/v1"))
    }

    @Test("objects are written out in kubectl's order: apiVersion, kind, metadata, spec, then the rest by name")
    func canonicalOrder() {
        let ordered = Normalizer.canonicallyOrdered(Self.response(0))
        #expect(ordered.objectValue?.keys == ["apiVersion", "kind", "metadata", "spec", "status"])
        let odd: JSONValue = ["zeta": 1, "data": ["b": 1, "a": 2], "kind": "ConfigMap", "apiVersion": "v1"]
        #expect(Normalizer.canonicallyOrdered(odd).objectValue?.keys == ["apiVersion", "kind", "data", "zeta"])
        #expect(Normalizer.canonicallyOrdered(odd)["data"]?.objectValue?.keys == ["b", "a"], "nested order is kept")
    }

    @Test("an immutable field the server refuses is OutOfSync with the server's words, never in sync")
    func immutableSelector() async throws {
        let refusal = ScriptedAPI.error(422, Self.response(4))
        let api = ScriptedAPI(objects: [Self.live], script: .init(dryRun: .failure(refusal)))
        let comparison = try await Self.compare(api, Self.request(4))
        #expect(comparison.changes.map(\.action) == [.refused])
        #expect(!comparison.isSynced)
        #expect(comparison.syncStatus == .outOfSync)
        #expect(
            comparison.problems
                == #"Deployment/tx-ssa-deployment-lifecycle/web: cannot be applied: Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web2"}}: field is immutable"#
        )
    }

    @Test(
        "an object that cannot be compared leaves the target Unknown",
        arguments: [
            ScriptedAPI.Script(get: .failure(KubeError(.unreachable, cluster: "scripted", message: "refused"))),
            ScriptedAPI.Script(
                dryRun: .failure(ScriptedAPI.error(503, ["kind": "Status", "message": "etcd is down", "code": 503]))),
            ScriptedAPI.Script(dryRun: .failure(KubeError(.timedOut, cluster: "scripted", message: "no answer"))),
        ])
    func unknown(_ script: ScriptedAPI.Script) async throws {
        let api = ScriptedAPI(objects: [Self.live], script: script)
        let comparison = try await Self.compare(api, Self.request(2))
        #expect(comparison.changes.map(\.action) == [.unknown])
        #expect(comparison.syncStatus == .unknown)
        #expect(comparison.problems.hasPrefix("Deployment/tx-ssa-deployment-lifecycle/web: cannot be compared: "))
    }

    @Test("a sync of a refused object fails with the server's message, once: a refusal is not retried")
    func refusedSync() async throws {
        let refusal = ScriptedAPI.error(422, Self.response(4))
        let api = ScriptedAPI(objects: [Self.live], script: .init(dryRun: .failure(refusal), apply: .failure(refusal)))
        let comparison = try await Self.compare(api, Self.request(4))
        let result = await Syncer(api: api, destinationNamespace: Self.namespace, sleeper: NoSleeper()).sync(
            comparison, settings: SyncSettings(retry: RetryPolicy(limit: 3), healthTimeout: .zero))
        #expect(!result.succeeded)
        #expect(result.attempts == 1)
        #expect(result.message.hasPrefix("sync wave 0 failed: Deployment/tx-ssa-deployment-lifecycle/web: "))
        #expect(result.message.hasSuffix("field is immutable"))
        #expect(api.calls.filter { $0 == "apply" }.count == 1)
    }

    @Test("a write that failed for a reason that may pass is retried")
    func transientSync() async throws {
        let unavailable = ScriptedAPI.error(503, ["kind": "Status", "message": "etcd is down", "code": 503])
        let api = ScriptedAPI(
            objects: [Self.live], script: .init(dryRun: .body(Self.response(2)), apply: .failure(unavailable)))
        let comparison = try await Self.compare(api, Self.request(2))
        let result = await Syncer(api: api, destinationNamespace: Self.namespace, sleeper: NoSleeper()).sync(
            comparison, settings: SyncSettings(retry: RetryPolicy(limit: 2), healthTimeout: .zero))
        #expect(result.attempts == 3)
        #expect(api.calls.filter { $0 == "apply" }.count == 3)
    }

    @Test("Replace=true replaces; with Force=true an object the server will not update is deleted and re-created")
    func forceReplace() async throws {
        let refusal = ScriptedAPI.error(422, Self.response(4))
        let desired = Self.request(4)
        let options = { (text: String) in SyncSettings(options: SyncOptions([text]), healthTimeout: .zero) }

        let replaced = ScriptedAPI(objects: [Self.live], script: .init(dryRun: .failure(refusal)))
        let plain = await Syncer(api: replaced, destinationNamespace: Self.namespace, sleeper: NoSleeper()).sync(
            try await Self.compare(replaced, desired),
            settings: SyncSettings(options: SyncOptions(["Replace=true"]), healthTimeout: .zero))
        #expect(plain.succeeded)
        #expect(replaced.calls.contains("replace") && !replaced.calls.contains("delete"))

        let immutable = ScriptedAPI(
            objects: [Self.live], script: .init(dryRun: .failure(refusal), replace: .failure(refusal)))
        let refused = await Syncer(api: immutable, destinationNamespace: Self.namespace, sleeper: NoSleeper()).sync(
            try await Self.compare(immutable, desired), settings: options("Replace=true"))
        #expect(!refused.succeeded, "Replace=true alone cannot change an immutable field")
        #expect(!immutable.calls.contains("delete"))

        let owned = Tracking.mark(Self.live, application: "shop")
        let forced = ScriptedAPI(objects: [owned], script: .init(dryRun: .failure(refusal), replace: .failure(refusal)))
        let comparison = try await Self.compare(forced, desired)
        let result = await Syncer(api: forced, destinationNamespace: Self.namespace, sleeper: NoSleeper()).sync(
            comparison,
            settings: SyncSettings(options: SyncOptions(["Force=true", "Replace=true"]), healthTimeout: .zero))
        #expect(result.succeeded, "\(result.message)")
        #expect(Array(forced.calls.suffix(4)) == ["replace", "delete", "get", "apply"])
        #expect(forced.object("web")?["spec"]?["selector"]?["matchLabels"]?["app"] == "web2")
        #expect(result.outcomes.contains { $0.result == .replaced && $0.message.contains("re-created") })

        let foreign = ScriptedAPI(
            objects: [Self.live], script: .init(dryRun: .failure(refusal), replace: .failure(refusal)))
        let notOurs = await Syncer(api: foreign, destinationNamespace: Self.namespace, sleeper: NoSleeper()).sync(
            try await Self.compare(foreign, desired),
            settings: SyncSettings(options: SyncOptions(["Force=true", "Replace=true"]), healthTimeout: .zero))
        #expect(!notOurs.succeeded, "an object without this Application's tracking id is never deleted")
        #expect(!foreign.calls.contains("delete"))
    }
}

extension RefusedChangeTests {
    @Test("another Application's object is never written; one without a tracking id only when adopting is allowed")
    func ownership() async throws {
        let theirs = Tracking.mark(Self.live, application: "team-b")
        let api = ScriptedAPI(objects: [theirs], script: .init(dryRun: .body(Self.response(2))))
        let claimed = try await Self.compare(api, Self.request(2))
        #expect(claimed.changes.map(\.action) == [.claimed])
        #expect(claimed.problems == "Deployment/tx-ssa-deployment-lifecycle/web belongs to Application team-b")
        let sync = await Syncer(api: api, destinationNamespace: Self.namespace, sleeper: NoSleeper()).sync(
            claimed, settings: SyncSettings(retry: RetryPolicy(limit: 2), healthTimeout: .zero))
        #expect(!sync.succeeded && sync.attempts == 1)
        #expect(sync.message.hasSuffix("belongs to Application team-b"))
        #expect(!api.calls.contains("apply"), "nothing is written to another Application's object")

        let unowned = ScriptedAPI(objects: [Self.live], script: .init(dryRun: .body(Self.response(2))))
        let refused = try await Self.compare(unowned, Self.request(2), adopts: false)
        #expect(refused.changes.map(\.action) == [.claimed])
        #expect(refused.problems.contains("AdoptExisting=true"))

        guard case .object(var desired) = Self.request(2), case .object(var metadata)? = desired["metadata"] else {
            Issue.record("the recorded request is not an object")
            return
        }
        metadata["annotations"] = ["argocd.argoproj.io/sync-options": "AdoptExisting=true"]
        desired["metadata"] = .object(metadata)
        let adopted = try await Self.compare(unowned, .object(desired), adopts: false)
        #expect(adopted.changes.map(\.action) == [.update], "the object's own sync option allows adopting it")
    }
}

/// Never waits.
struct NoSleeper: Sleeper {
    func sleep(for duration: Duration) async {}
}
