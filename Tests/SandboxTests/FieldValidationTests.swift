import FleetModel
import Testing

@testable import Sandbox

/// Unknown fields, schema defaults and type errors, as `fieldValidation` and a CRD's
/// structural schema make a real API server treat them.
@Suite("Sandbox field validation and custom resource schemas")
struct FieldValidationTests {
    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {kind: Widget, plural: widgets}
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
                      size: {type: integer}
                      color: {type: string, default: blue}
                      port: {x-kubernetes-int-or-string: true}
                      tags: {type: array, items: {type: string}}
                      extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                      labels: {type: object, additionalProperties: {type: string}}
        """

    static let widgets = "/apis/example.com/v1/namespaces/default/widgets"

    func harnessWithCRD() async throws -> SandboxHarness {
        let api = try SandboxHarness()
        let created = await api.send(
            "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Self.crd,
            contentType: "application/yaml")
        #expect(created.status == 201)
        return api
    }

    static func widget(_ spec: String, name: String = "w") -> String {
        #"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"\#(name)"},"spec":\#(spec)}"#
    }

    static func warnings(_ reply: SandboxHarness.Reply) -> [String] {
        reply.headers.filter { $0.0 == "Warning" }.map(\.1)
    }

    @Test("a custom resource's unknown fields are pruned with a Warning, schema defaults are filled in")
    func pruneAndDefault() async throws {
        let api = try await harnessWithCRD()
        let created = await api.send(
            "POST", Self.widgets,
            Self.widget(
                #"{"size":3,"x":1,"tags":["a"],"extra":{"free":{"deep":true}},"labels":{"k":"v"},"port":"http"}"#))
        #expect(created.status == 201)
        #expect(Self.warnings(created) == [#"299 - "unknown field \"spec.x\"""#])
        #expect(
            created.body["spec"]
                == [
                    "size": 3, "tags": ["a"], "extra": ["free": ["deep": true]], "labels": ["k": "v"], "port": "http",
                    "color": "blue",
                ])
        let stored = await api.send("GET", Self.widgets + "/w")
        #expect(stored.body.value(at: ["spec", "x"]) == nil)
        #expect(stored.body.value(at: ["spec", "color"]) == "blue")
    }

    @Test("fieldValidation=Strict refuses unknown fields with 400; Ignore drops them silently")
    func strictAndIgnore() async throws {
        let api = try await harnessWithCRD()
        let strict = await api.send(
            "POST", Self.widgets + "?fieldValidation=Strict", Self.widget(#"{"a":1,"tags":[],"extra":{},"b":2}"#))
        #expect(strict.status == 400)
        #expect(strict.body["reason"] == "BadRequest")
        #expect(
            strict.body["message"]
                == #"Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.a", unknown field "spec.b""#
        )
        #expect(await api.send("GET", Self.widgets + "/w").status == 404, "nothing was stored")
        let ignored = await api.send("POST", Self.widgets + "?fieldValidation=Ignore", Self.widget(#"{"a":1}"#))
        #expect(ignored.status == 201)
        #expect(Self.warnings(ignored).isEmpty)
        #expect(ignored.body.value(at: ["spec", "a"]) == nil)
    }

    @Test(
        "a value of the wrong type is 422 FieldValueTypeInvalid",
        arguments: [
            (#"{"size":"three"}"#, "spec.size", "string", "integer"),
            (#"{"tags":[1]}"#, "spec.tags[0]", "integer", "string"),
            (#"{"port":true}"#, "spec.port", "boolean", "integer,string"),
            (#"{"labels":{"k":{}}}"#, "spec.labels.k", "object", "string"),
        ])
    func typeErrors(spec: String, field: String, actual: String, expected: String) async throws {
        let api = try await harnessWithCRD()
        let reply = await api.send("POST", Self.widgets, Self.widget(spec))
        #expect(reply.status == 422)
        #expect(reply.body["reason"] == "Invalid")
        let message = "Invalid value: \"\(actual)\": \(field) in body must be of type \(expected): \"\(actual)\""
        #expect(reply.body["message"]?.stringValue == "Widget.example.com \"w\" is invalid: \(field): \(message)")
        #expect(
            reply.body["details"]?["causes"]
                == [["reason": "FieldValueTypeInvalid", "message": .string(message), "field": .string(field)]])
    }

    @Test("merge patches and updates are held to the schema too")
    func patchAndUpdate() async throws {
        let api = try await harnessWithCRD()
        #expect(await api.send("POST", Self.widgets, Self.widget(#"{"size":1}"#)).status == 201)
        let patched = await api.send(
            "PATCH", Self.widgets + "/w", #"{"spec":{"size":2,"nope":true}}"#,
            contentType: "application/merge-patch+json")
        #expect(patched.status == 200)
        #expect(Self.warnings(patched) == [#"299 - "unknown field \"spec.nope\"""#])
        #expect(patched.body["spec"] == ["size": 2, "color": "blue"])
        let wrong = await api.send(
            "PUT", Self.widgets + "/w", Self.widget(#"{"size":"big"}"#))
        #expect(wrong.status == 422)
    }

    @Test("server-side apply of an undeclared field fails whatever fieldValidation says")
    func applyUndeclared() async throws {
        let api = try await harnessWithCRD()
        let reply = await api.send(
            "PATCH", Self.widgets + "/w?fieldManager=me&fieldValidation=Ignore", Self.widget(#"{"size":1,"zz":1}"#),
            contentType: "application/apply-patch+yaml")
        #expect(reply.status == 500)
        #expect(
            reply.body["message"]
                == "failed to create typed patch object (/w; example.com/v1, Kind=Widget): .spec.zz: field not declared in schema"
        )
        let applied = await api.send(
            "PATCH", Self.widgets + "/w?fieldManager=me", Self.widget(#"{"size":1}"#),
            contentType: "application/apply-patch+yaml")
        #expect(applied.status == 201)
        #expect(applied.body["spec"] == ["size": 1, "color": "blue"], "apply fills schema defaults")
    }

    @Test("built-in kinds: unknown fields warn by default and fail under Strict, known ones pass")
    func builtIns() async throws {
        let api = try SandboxHarness()
        let configMap = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"},"a":1}"#
        let strict = await api.send("POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Strict", configMap)
        #expect(strict.status == 400)
        #expect(
            strict.body["message"]
                == #"ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "a""#
        )
        let warned = await api.send("POST", "/api/v1/namespaces/default/configmaps", configMap)
        #expect(warned.status == 201)
        #expect(Self.warnings(warned) == [#"299 - "unknown field \"a\"""#])
        #expect(warned.body["a"] == nil)
        let typo = SandboxHarness.deployment.replacingOccurrences(of: "replicas: 2", with: "replica: 2")
        let deployment = await api.send(
            "POST", "/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict", typo,
            contentType: "application/yaml")
        #expect(deployment.status == 400)
        #expect(
            deployment.body["message"]
                == #"Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica""#
        )
        let valid = await api.send(
            "POST", "/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict", SandboxHarness.deployment,
            contentType: "application/yaml")
        #expect(valid.status == 201)
        #expect(Self.warnings(valid).isEmpty)
    }
}
