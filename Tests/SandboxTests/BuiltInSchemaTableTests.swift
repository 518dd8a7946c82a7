import FleetModel
import Testing

@testable import Sandbox

@Suite("Built-in schemas from the OpenAPI documents") struct BuiltInSchemaTableTests {
    private func schema(_ apiVersion: String, _ kind: String, _ path: [String]) -> StructuralSchema? {
        guard var schema = BuiltInSchemaTable.schema(apiVersion: apiVersion, kind: kind) else { return nil }
        for field in path { schema = field == "[]" ? schema.item : schema.member(field) }
        return schema
    }

    @Test(arguments: [
        ("v1", "Service", ["spec", "selector"]), ("apps/v1", "Deployment", ["spec", "selector"]),
        ("v1", "Pod", ["spec", "nodeSelector"]), ("batch/v1", "Job", ["spec", "selector"]),
    ])
    func atomicMaps(apiVersion: String, kind: String, path: [String]) {
        #expect(schema(apiVersion, kind, path)?.isAtomic == true)
    }

    @Test(arguments: [
        ("v1", "Pod", ["spec", "containers"], ["name"]),
        ("v1", "Pod", ["spec", "containers", "[]", "ports"], ["containerPort", "protocol"]),
        ("v1", "Service", ["spec", "ports"], ["port", "protocol"]),
        ("apps/v1", "Deployment", ["spec", "template", "spec", "volumes"], ["name"]),
        ("apps/v1", "Deployment", ["spec", "template", "spec", "containers", "[]", "env"], ["name"]),
    ])
    func listMaps(apiVersion: String, kind: String, path: [String], keys: [String]) {
        guard case .map(let listKeys)? = schema(apiVersion, kind, path)?.listSemantics else {
            Issue.record("\(kind) \(path) is not a list-map")
            return
        }
        #expect(listKeys.names == keys)
    }

    @Test func portKeysDefaultTheirProtocol() throws {
        guard case .map(let keys)? = schema("v1", "Service", ["spec", "ports"])?.listSemantics else {
            Issue.record("Service ports are not a list-map")
            return
        }
        #expect(keys.member(of: ["port": 80]) == #"k:{"port":80,"protocol":"TCP"}"#)
    }

    @Test func tolerationsAreAtomicAndFinalizersASet() {
        #expect(schema("v1", "Pod", ["spec", "tolerations"])?.listSemantics == .atomic)
        #expect(schema("v1", "Pod", ["metadata", "finalizers"])?.listSemantics == .set)
    }

    @Test func everyBuiltInKindHasASchema() {
        for resource in APIResource.builtIns {
            #expect(
                BuiltInSchemaTable.schema(apiVersion: resource.groupVersion, kind: resource.kind) != nil,
                "\(resource.kind)")
        }
    }
}
