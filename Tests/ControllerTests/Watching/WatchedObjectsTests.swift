import FleetModel
import Testing

@testable import Controller

/// Which updates of a known object count as a change: the digest leaves out status and
/// bookkeeping, so the rule is the same for kinds with a generation and kinds without.
@Suite("What a watch counts as a change")
struct WatchedObjectsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let before: JSONValue
        let after: JSONValue
        let expected: TrackedChange.Kind?
        var testDescription: String { name }
    }

    static let configMap = Objects.configMap("settings", version: "1")
    static let deployment = Objects.deployment("web", version: "1")

    static let cases: [Case] = [
        Case(
            name: "ConfigMap data changed", before: configMap,
            after: Objects.with(Objects.at("2", configMap), ["data", "n"], "2"), expected: .modified),
        Case(
            name: "ConfigMap only managedFields changed (a no-op write by another manager)", before: configMap,
            after: Objects.with(Objects.at("2", configMap), ["metadata", "managedFields"], [["manager": "kubectl"]]),
            expected: nil),
        Case(
            name: "ConfigMap label added (no generation to bump)", before: configMap,
            after: Objects.with(Objects.at("2", configMap), ["metadata", "labels", "team"], "a"), expected: .modified),
        Case(
            name: "Deployment status written, generation unchanged", before: deployment,
            after: Objects.deployment("web", version: "2", ready: 2), expected: nil),
        Case(
            name: "Deployment replicas changed, generation bumped", before: deployment,
            after: Objects.deployment("web", replicas: 3, generation: 2, version: "2"), expected: .modified),
        Case(
            name: "Deployment annotation changed", before: deployment,
            after: Objects.with(Objects.at("2", deployment), ["metadata", "annotations", "note"], "x"),
            expected: .modified),
        Case(
            name: "the same version again, whatever it holds", before: deployment,
            after: Objects.deployment("web", replicas: 9, version: "1"), expected: nil),
        Case(
            name: "keys in another order (a list item against a watch event)", before: deployment,
            after: Self.reordered(Objects.at("2", deployment)), expected: nil),
    ]

    @Test("a MODIFIED is a change only when more than status and bookkeeping changed", arguments: cases)
    func modified(_ example: Case) {
        var objects = WatchedObjects()
        #expect(objects.replace(with: [example.before]).map(\.kind) == [.added])
        #expect(objects.apply(type: "MODIFIED", object: example.after)?.kind == example.expected)
    }

    @Test("an object that stops carrying the tracking label is deleted, for the Application it had")
    func labelRemoved() {
        var objects = WatchedObjects()
        _ = objects.replace(with: [Self.configMap])
        // The server sends DELETED with the previous state; even without the label, the
        // Application is the one the object had.
        let unlabelled = Objects.with(Objects.at("2", Self.configMap), ["metadata", "labels"], nil)
        let change = objects.apply(type: "DELETED", object: unlabelled)
        #expect(change?.kind == .deleted)
        #expect(change?.application == "web")
        #expect(objects.count == 0)
        #expect(objects.apply(type: "DELETED", object: unlabelled) == nil)
    }

    @Test("a relist reports what was added, changed or removed, and nothing else")
    func relist() {
        var objects = WatchedObjects()
        _ = objects.replace(with: [Self.configMap, Self.deployment])
        let changes = objects.replace(with: [
            Objects.deployment("web", version: "5", ready: 1),
            Objects.configMap("other", version: "6"),
            Objects.configMap("untracked", version: "7", tracked: false, labels: ["app.kubernetes.io/instance": "web"]),
        ])
        #expect(changes.map { "\($0.reference.name) \($0.kind)" } == ["other added", "settings deleted"])
    }

    static func reordered(_ object: JSONValue) -> JSONValue {
        guard case .object(let members) = object else { return object }
        return .object(JSONObject(members.members.reversed().map { ($0.key, $0.value) }))
    }
}
