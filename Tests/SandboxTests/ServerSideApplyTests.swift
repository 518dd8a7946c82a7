import FleetModel
import Testing

@testable import Sandbox

@Suite("Sandbox server-side apply")
struct ServerSideApplyTests {
    let api: SandboxHarness
    static let path = "/apis/apps/v1/namespaces/default/deployments/web"

    init() throws {
        api = try SandboxHarness()
    }

    @discardableResult
    private func apply(
        _ yaml: String, manager: String = "flotilla", force: Bool = false, dryRun: Bool = false
    ) async
        -> SandboxHarness.Reply
    {
        var query = "fieldManager=\(manager)"
        if force { query += "&force=true" }
        if dryRun { query += "&dryRun=All" }
        return await api.send("PATCH", "\(Self.path)?\(query)", yaml, contentType: "application/apply-patch+yaml")
    }

    @Test("create by apply is 201; an identical re-apply keeps the resource version and the entry's time")
    func createAndReapply() async {
        let created = await apply(SandboxHarness.deployment)
        #expect(created.status == 201)
        let entries = created.body.metadata("managedFields")?.arrayValue ?? []
        #expect(entries.count == 1)
        #expect(entries.first?["manager"] == "flotilla" && entries.first?["operation"] == "Apply")
        #expect(entries.first?["fieldsType"] == "FieldsV1")
        let fields = entries.first?["fieldsV1"]
        #expect(fields?["f:spec"]?["f:replicas"] == [:])
        #expect(fields?["f:spec"]?["f:template"]?["f:spec"]?["f:containers"]?["k:{\"name\":\"web\"}"]?["."] == [:])
        let again = await apply(SandboxHarness.deployment)
        #expect(again.status == 200)
        #expect(again.body.metadata("resourceVersion") == created.body.metadata("resourceVersion"))
        #expect(again.body.metadata("managedFields") == created.body.metadata("managedFields"))
        #expect(await api.cluster.currentStatistics().writes == 1)
    }

    @Test("apply without a fieldManager is Invalid")
    func requiresManager() async {
        let reply = await api.send(
            "PATCH", Self.path, SandboxHarness.deployment, contentType: "application/apply-patch+yaml")
        #expect(reply.status == 422)
        #expect(
            reply.body["message"]?.stringValue?.hasPrefix("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager")
                == true)
    }

    @Test("a field another manager owns with another value conflicts, exactly as a real server words it")
    func conflicts() async {
        await apply(SandboxHarness.deployment)
        let other = SandboxHarness.deployment.replacingOccurrences(of: "replicas: 2", with: "replicas: 3")
        let one = await apply(other, manager: "other")
        #expect(one.status == 409)
        #expect(
            one.body["message"]
                == "Apply failed with 1 conflict: conflict with \"flotilla\": .spec.replicas")
        #expect(one.body["details"]?["causes"]?.arrayValue?.first?["reason"] == "FieldManagerConflict")
        let two = await apply(
            other.replacingOccurrences(
                of: "namespace: default, labels: {app: web}}", with: "namespace: default, labels: {app: api}}"),
            manager: "other")
        #expect(
            two.body["message"]
                == "Apply failed with 2 conflicts: conflicts with \"flotilla\":\n- .metadata.labels.app\n- .spec.replicas"
        )
    }

    @Test("force takes ownership; the previous owner's entry loses the field")
    func force() async {
        await apply(SandboxHarness.deployment)
        let other = SandboxHarness.deployment.replacingOccurrences(of: "replicas: 2", with: "replicas: 3")
        let forced = await apply(other, manager: "other", force: true)
        #expect(forced.status == 200)
        #expect(forced.body.value(at: ["spec", "replicas"]) == 3)
        let entries = forced.body.managedFields
        #expect(entries.first { $0.manager == "flotilla" }?.fields.children["f:spec"]?.children["f:replicas"] == nil)
        #expect(entries.first { $0.manager == "other" }?.fields.children["f:spec"]?.children["f:replicas"] != nil)
    }

    @Test("a second manager applying identical values shares ownership without conflict")
    func sharedOwnership() async {
        let first = await apply(SandboxHarness.deployment)
        let shared = await apply(SandboxHarness.deployment, manager: "other")
        #expect(shared.status == 200)
        #expect(shared.body.managedFields.map(\.manager).sorted() == ["flotilla", "other"])
        #expect(shared.body.metadata("resourceVersion") != first.body.metadata("resourceVersion"))
    }

    @Test("a field the manager applied before and leaves out now is removed, unless someone else owns it")
    func removal() async {
        await apply(
            SandboxHarness.deployment.replacingOccurrences(
                of: "namespace: default, labels: {app: web}}", with: "namespace: default, labels: {app: web, team: a}}")
        )
        let dropped = await apply(SandboxHarness.deployment)
        #expect(dropped.body.metadata("labels") == ["app": "web"])
        let withoutReplicas = SandboxHarness.deployment.replacingOccurrences(of: "  replicas: 2\n", with: "")
        await api.send(
            "PATCH", "\(Self.path)?fieldManager=kubectl-scale", #"{"spec":{"replicas":4}}"#,
            contentType: "application/merge-patch+json")
        let kept = await apply(withoutReplicas)
        #expect(kept.body.value(at: ["spec", "replicas"]) == 4, "another manager's field stays")
    }

    @Test("an Update takes ownership from the applier, and the next forced apply takes it back")
    func updateThenApply() async {
        await apply(SandboxHarness.deployment)
        let scaled = await api.send(
            "PATCH", "\(Self.path)/scale", #"{"spec":{"replicas":7}}"#, contentType: "application/merge-patch+json")
        #expect(scaled.status == 200)
        let live = await api.send("GET", Self.path)
        #expect(
            live.body.managedFields.first { $0.manager == "flotilla" }?.fields.children["f:spec"]?.children[
                "f:replicas"] == nil)
        let conflict = await apply(SandboxHarness.deployment)
        #expect(conflict.status == 409)
        let healed = await apply(SandboxHarness.deployment, force: true)
        #expect(healed.body.value(at: ["spec", "replicas"]) == 2)
    }

    @Test("a dry-run apply shows the result and changes nothing")
    func dryRunApply() async {
        await apply(SandboxHarness.deployment)
        let preview = await apply(
            SandboxHarness.deployment.replacingOccurrences(of: "replicas: 2", with: "replicas: 9"), dryRun: true)
        #expect(preview.body.value(at: ["spec", "replicas"]) == 9)
        #expect((await api.send("GET", Self.path)).body.value(at: ["spec", "replicas"]) == 2)
    }
}
