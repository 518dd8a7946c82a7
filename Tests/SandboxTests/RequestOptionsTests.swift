import FleetModel
import Testing

@testable import Sandbox

@Suite("Query options and preconditions as the API server checks them") struct RequestOptionsTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"
    static let configMap = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"}}"#

    @Test(arguments: [
        (
            "POST", "?dryRun=true", "CreateOptions",
            #"dryRun: Unsupported value: ["true"]: supported values: "All""#
        ),
        (
            "PATCH", "/cm?fieldManager=m&fieldValidation=strict", "PatchOptions",
            #"fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn""#
        ),
        (
            "DELETE", "/cm?propagationPolicy=Cascade", "DeleteOptions",
            #"propagationPolicy: Unsupported value: "Cascade": supported values: "Foreground", "Background", "Orphan", "nil""#
        ),
    ])
    func unsupportedValuesAre422(method: String, suffix: String, options: String, message: String) async throws {
        let api = try SandboxHarness()
        #expect(await api.send("POST", Self.configMaps, Self.configMap).status == 201)
        let contentType = method == "PATCH" ? "application/apply-patch+yaml" : "application/json"
        let reply = await api.send(
            method, Self.configMaps + suffix, method == "DELETE" ? nil : Self.configMap, contentType: contentType)
        #expect(reply.status == 422)
        #expect(reply.body["message"] == .string("\(options).meta.k8s.io \"\" is invalid: \(message)"))
        #expect(reply.body["details"]?["kind"] == .string(options))
        #expect(reply.body["details"]?["causes"]?.arrayValue?.first?["reason"] == "FieldValueNotSupported")
        #expect(await api.send("GET", Self.configMaps + "/cm").body["data"] == ["a": "1"], "nothing changed")
    }

    @Test(arguments: [
        (
            "PUT", "application/json",
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","resourceVersion":"1"},"data":{"a":"2"}}"#
        ),
        ("PATCH", "application/merge-patch+json", #"{"metadata":{"resourceVersion":"1"},"data":{"a":"2"}}"#),
        (
            "PATCH", "application/apply-patch+yaml",
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","resourceVersion":"1"},"data":{"a":"2"}}"#
        ),
    ])
    func aStaleResourceVersionIsAConflict(method: String, contentType: String, body: String) async throws {
        let api = try SandboxHarness()
        #expect(await api.send("POST", Self.configMaps, Self.configMap).status == 201)
        let query = contentType == "application/apply-patch+yaml" ? "?fieldManager=m&force=true" : ""
        let reply = await api.send(method, Self.configMaps + "/cm" + query, body, contentType: contentType)
        #expect(reply.status == 409)
        #expect(
            reply.body["message"]
                == #"Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again"#
        )
        #expect(await api.send("GET", Self.configMaps + "/cm").body["data"] == ["a": "1"])
    }

    @Test func aStaleDeletePreconditionIsAConflict() async throws {
        let api = try SandboxHarness()
        let created = await api.send("POST", Self.configMaps, Self.configMap)
        let version = created.body.metadata("resourceVersion")?.stringValue ?? ""
        let stale = await api.send(
            "DELETE", Self.configMaps + "/cm", #"{"preconditions":{"resourceVersion":"1"}}"#)
        #expect(stale.status == 409)
        #expect(
            stale.body["message"]
                == .string(
                    "Operation cannot be fulfilled on ConfigMap \"cm\": the ResourceVersion in the precondition (1) "
                        + "does not match the ResourceVersion in record (\(version)). The object might have been modified"
                ))
        let current = await api.send(
            "DELETE", Self.configMaps + "/cm", #"{"preconditions":{"resourceVersion":"\#(version)"}}"#)
        #expect(current.status == 200)
    }
}
