import FleetModel
import FleetTesting
import Testing

@testable import Reconcile

/// The no-op shortcut: a diff skips the server's dry run only when applying provably changes nothing.
@Suite("Skipping the dry run of unchanged objects")
struct DigestTests {
    static let whole: JSONValue = [
        "metadata": ["name": "web", "labels": ["a": "1", "b": "2"]],
        "spec": ["replicas": 2, "ports": [["port": 80, "protocol": "TCP"]]],
    ]

    static let parts: [(part: JSONValue, contained: Bool)] = [
        (["metadata": ["labels": ["a": "1"]]], true),
        (["spec": ["ports": [["port": 80]]]], true),
        (["spec": ["replicas": 3]], false),
        (["spec": ["ports": [["port": 80], ["port": 443]]]], false),
        (["spec": ["paused": false]], false),
        (["spec": ["replicas": "2"]], false),
    ]

    @Test(
        "a live object contains what Git sets when every field has Git's value; lists item by item",
        arguments: parts.indices)
    func containment(index: Int) {
        #expect(Digest.contains(Self.whole, Self.parts[index].part) == Self.parts[index].contained)
    }

    @Test("the digest is of the object as Git wrote it, marks included; marking again keeps it")
    func digestIsStable() {
        let marked = Tracking.mark(["kind": "ConfigMap", "metadata": ["name": "a"]], application: "web")
        let again = Tracking.mark(marked, application: "web")
        #expect(Tracking.digest(of: marked)?.count == 32)
        #expect(Tracking.digest(of: again) == Tracking.digest(of: marked), "marking twice changes nothing")
        let other = Tracking.mark(["kind": "ConfigMap", "metadata": ["name": "a"], "data": [:]], application: "web")
        #expect(Tracking.digest(of: other) != Tracking.digest(of: marked))
    }

    /// A Service as Flotilla applied it, live, with `managedFields` as an API server keeps them.
    static func service(otherManagers: [JSONValue]) -> (desired: JSONValue, live: JSONValue) {
        let desired = Tracking.mark(
            [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web", "namespace": "shop"],
                "spec": ["selector": ["app": "web"], "ports": [["port": 80]]],
            ], application: "web")
        guard case .object(var live) = desired, case .object(var metadata)? = live["metadata"] else {
            return (desired, desired)
        }
        let ours: JSONValue = [
            "manager": "flotilla", "operation": "Apply",
            "fieldsV1": ["f:spec": ["f:selector": [:], "f:ports": ["k:{\"port\":80}": [".": [:]]]]],
        ]
        metadata["managedFields"] = .array([ours] + otherManagers)
        live["metadata"] = .object(metadata)
        return (desired, .object(live))
    }

    @Test("another manager owning a field Git sets (an atomic selector edited by hand) takes the dry run")
    func sharedFields() {
        let edited: JSONValue = [
            "manager": "kubectl-edit", "operation": "Update", "fieldsV1": ["f:spec": ["f:selector": [:]]],
        ]
        let (desired, live) = Self.service(otherManagers: [edited])
        #expect(!Digest.provesUnchanged(desired: desired, live: live, rules: []))
        let inList: JSONValue = [
            "manager": "mesh", "operation": "Update", "fieldsV1": ["f:spec": ["f:ports": ["k:{\"port\":80}": [:]]]],
        ]
        #expect(!Digest.provesUnchanged(desired: desired, live: Self.service(otherManagers: [inList]).live, rules: []))
        let status: JSONValue = [
            "manager": "controller", "operation": "Update", "subresource": "status",
            "fieldsV1": ["f:status": ["f:loadBalancer": [:]]],
        ]
        let annotation: JSONValue = [
            "manager": "kube-controller-manager", "operation": "Update",
            "fieldsV1": ["f:metadata": ["f:annotations": ["f:example.com/revision": [:]]]],
        ]
        #expect(
            Digest.provesUnchanged(
                desired: desired, live: Self.service(otherManagers: [status, annotation]).live, rules: []),
            "status and fields Git does not set are nobody's business")
    }

    @Test("a no-op diff sends no dry run; a field dropped from Git, or changed or removed live, still shows")
    func noDryRunWhenUnchanged() async throws {
        try await SandboxTarget.with { target in
            let repo = try await GitRepository()
            defer { repo.folder.remove() }
            try repo.write(
                "app/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: '1', b: '2'}\n")
            try await repo.commit("two keys")
            let app = try SandboxTarget.application(
                "web", repo: repo.path, extra: ReconcileSandboxTests.createNamespace)
            _ = try await target.reconciler.sync(app, try await target.reconciler.compare(app, baseDirectory: nil))

            await target.cluster.resetStatistics()
            let noop = try await target.reconciler.compare(app, baseDirectory: nil)
            #expect(noop.isSynced)
            #expect(await target.cluster.currentStatistics().requestsByMethod["PATCH"] == nil, "no dry run")

            try repo.write("app/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: '1'}\n")
            try await repo.commit("b dropped")
            let dropped = try await target.reconciler.compare(app, baseDirectory: nil)
            #expect(dropped.outOfSync.first?.diff.contains("-  b: '2'") == true, "\(dropped.outOfSync)")
            _ = try await target.reconciler.sync(app, dropped)

            let configMaps = try await target.api.resource(apiVersion: "v1", kind: "ConfigMap")
            _ = try await target.api.mergePatch(
                configMaps, namespace: "shop", name: "c", patch: ["data": ["a": "9"]], dryRun: false)
            let changed = try await target.reconciler.compare(app, baseDirectory: nil)
            #expect(changed.outOfSync.first?.diff.contains("+  a: '1'") == true, "\(changed.outOfSync)")
            _ = try await target.api.mergePatch(
                configMaps, namespace: "shop", name: "c", patch: ["data": ["a": .null]], dryRun: false)
            let removed = try await target.reconciler.compare(app, baseDirectory: nil)
            #expect(removed.outOfSync.map(\.key.name) == ["c"])
        }
    }
}
