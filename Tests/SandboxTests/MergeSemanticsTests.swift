import FleetModel
import Testing

@testable import Sandbox

@Suite("Merge semantics from schemas") struct MergeSemanticsTests {
    static let service = "/api/v1/namespaces/default/services/web"
    static let applied =
        #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}"#

    private func apply(
        _ api: SandboxHarness, _ path: String, _ body: String, query: String = ""
    ) async -> SandboxHarness.Reply {
        await api.send(
            "PATCH", path + "?fieldManager=flotilla&force=true" + query, body,
            contentType: "application/apply-patch+yaml")
    }

    @Test func anAtomicMapIsReplacedWholeByItsOwnersApply() async throws {
        let api = try SandboxHarness()
        let created = await apply(api, Self.service, Self.applied)
        #expect(
            created.body.managedFields.first?.fields.json == [
                "f:spec": [
                    "f:ports": [#"k:{"port":80,"protocol":"TCP"}"#: [".": [:], "f:port": [:]]], "f:selector": [:],
                ]
            ])
        let patched = await api.send(
            "PATCH", Self.service + "?fieldManager=edit", #"{"spec":{"selector":{"tier":"x"}}}"#,
            contentType: "application/merge-patch+json")
        #expect(patched.body.value(at: ["spec", "selector"]) == ["app": "web", "tier": "x"])
        let owners = patched.body.managedFields.filter { $0.fields.children["f:spec"]?.children["f:selector"] != nil }
        #expect(owners.map(\.manager) == ["edit"], "the whole selector changed hands")
        let dryRun = await apply(api, Self.service, Self.applied, query: "&dryRun=All")
        #expect(dryRun.body.value(at: ["spec", "selector"]) == ["app": "web"])
        let reapplied = await apply(api, Self.service, Self.applied)
        #expect(reapplied.body.value(at: ["spec", "selector"]) == ["app": "web"])
    }

    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gadgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: gadgets, singular: gadget, kind: Gadget}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      slots:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [name, zone]
                        items:
                          type: object
                          properties:
                            name: {type: string}
                            zone: {type: string, default: a}
                            size: {type: integer}
                      tags:
                        type: array
                        x-kubernetes-list-type: set
                        items: {type: string}
                      match:
                        type: object
                        x-kubernetes-map-type: atomic
                        additionalProperties: {type: string}
        """

    @Test func customResourcesTakeTheirSemanticsFromTheirSchema() async throws {
        let api = try SandboxHarness()
        let crd = await api.send(
            "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Self.crd, contentType: "application/yaml"
        )
        #expect(crd.status == 201)
        let gadget =
            #"{"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{"slots":[{"name":"s","size":1}],"tags":["x","y"],"match":{"k":"v"}}}"#
        let applied = await apply(api, "/apis/example.com/v1/namespaces/default/gadgets/g", gadget)
        #expect(applied.status == 201)
        #expect(
            applied.body.managedFields.first?.fields.json
                == [
                    "f:spec": [
                        "f:match": [:],
                        "f:slots": [#"k:{"name":"s","zone":"a"}"#: [".": [:], "f:name": [:], "f:size": [:]]],
                        "f:tags": [#"v:"x""#: [:], #"v:"y""#: [:]],
                    ]
                ])
    }
}

@Suite("No-op applies") struct NoOpApplyTests {
    @Test func aReapplyAfterTheControllersWroteStatusChangesNothing() async throws {
        let api = try SandboxHarness(options: SandboxOptions(rolloutDelay: .milliseconds(50)))
        let path = "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=flotilla&force=true"
        let created = await api.send(
            "PATCH", path, SandboxHarness.deployment, contentType: "application/apply-patch+yaml")
        #expect(created.status == 201)
        let settled = await api.eventually {
            await api.send("GET", "/apis/apps/v1/namespaces/default/deployments/web").body.value(at: [
                "status", "readyReplicas",
            ]) != nil
        }
        #expect(settled)
        let before = await api.send("GET", "/apis/apps/v1/namespaces/default/deployments/web").body
        let again = await api.send(
            "PATCH", path, SandboxHarness.deployment, contentType: "application/apply-patch+yaml")
        #expect(again.status == 200)
        #expect(again.body.metadata("resourceVersion") == before.metadata("resourceVersion"))
        #expect(again.body.metadata("managedFields") == before.metadata("managedFields"))
    }
}
