import FleetModel
import Testing

@testable import Reconcile

/// Names and namespaces are checked as the API server would, before any request.
@Suite("Object names")
struct ObjectNamesTests {
    static func object(_ kind: String, _ name: String, namespace: String? = "team-a") -> JSONValue {
        var metadata: JSONObject = ["name": .string(name)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        return ["apiVersion": "v1", "kind": .string(kind), "metadata": .object(metadata)]
    }

    static let refused: [(JSONValue, String)] = [
        (object("ConfigMap", "x/../../../team-b/configmaps/team-b-settings"), "may not contain '/'"),
        (object("ConfigMap", "Upper"), "RFC 1123 subdomain"),
        (object("Widget", ".."), "may not be '..'"),
        (object("Widget", "a%2Fb"), "may not contain '%'"),
        (object("Namespace", "a.b", namespace: nil), "RFC 1123 label"),
        (object("Service", "1web"), "DNS-1035 label"),
        (object("ConfigMap", "ok", namespace: "../team-b"), "metadata.namespace: Invalid value"),
        (object("Secret", ""), "Required value"),
    ]

    @Test("hostile and invalid names are refused with the server's rule", arguments: refused)
    func refusedNames(_ example: (JSONValue, String)) {
        let problem = ObjectNames.problem(example.0)
        #expect(problem?.contains(example.1) == true, "\(problem ?? "accepted")")
    }

    static let accepted: [JSONValue] = [
        object("ConfigMap", "web.config-1"), object("ClusterRole", "system:aggregate-to-admin", namespace: nil),
        object("Namespace", "team-a", namespace: nil), object("Service", "web"), object("Widget", "Any_Name.ok"),
    ]

    @Test("valid names pass", arguments: accepted)
    func acceptedNames(_ object: JSONValue) {
        #expect(ObjectNames.problem(object) == nil)
    }
}
