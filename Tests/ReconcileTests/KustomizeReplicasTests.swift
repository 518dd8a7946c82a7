import FleetModel
import Testing

@testable import Reconcile

@Suite("spec.source.kustomize.replicas")
struct KustomizeReplicasTests {
    static let manifests = [
        Manifest(object: ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"]], file: "a"),
        Manifest(
            object: [
                "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": ["name": "db"], "spec": ["replicas": 1],
            ],
            file: "a"),
        Manifest(object: ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "web"]], file: "a"),
    ]

    static func application(_ replicas: JSONValue) -> JSONValue {
        ["spec": ["source": ["kustomize": ["replicas": replicas]]]]
    }

    @Test("counts, as numbers or strings, set spec.replicas of the workloads of that name only")
    func applied() throws {
        let overrides = try KustomizeReplicas(
            application: Self.application([["name": "web", "count": 5], ["name": "db", "count": "3"]]))
        let result = overrides.applied(to: Self.manifests)
        #expect(result[0].object["spec"]?["replicas"] == 5)
        #expect(result[1].object["spec"]?["replicas"] == 3)
        #expect(result[2] == Self.manifests[2], "a Service of the same name is not a workload")
        #expect(try KustomizeReplicas(application: ["spec": [:]]).applied(to: Self.manifests) == Self.manifests)
    }

    @Test(
        "an entry without a name or with a count that is not a whole number names its field",
        arguments: [
            (JSONValue.array([["count": 2]]), "spec.source.kustomize.replicas[0].name"),
            (JSONValue.array([["name": "web", "count": "two"]]), "spec.source.kustomize.replicas[0].count"),
            (JSONValue.array([["name": "web", "count": 1], ["name": "db", "count": -1]]), "replicas[1].count"),
        ])
    func invalid(replicas: JSONValue, field: String) {
        #expect {
            _ = try KustomizeReplicas(application: Self.application(replicas))
        } throws: { error in
            "\(error)".contains(field)
        }
    }
}
