import FleetModel
import Reconcile

/// The order one cluster's syncs keep when they run at once: Namespaces and CRDs before what
/// uses them, and two targets that own the same object never at once. Decided from the
/// comparisons, before any sync starts: targets providing a custom kind (a CRD) launch first,
/// then those providing a Namespace, then the others, each group in fleet order; a target
/// waits only for targets launched before it — the writes of those providing what it uses, the whole sync of those sharing an object
/// with it — so a bounded pool always makes progress.
struct LaneOrder: Sendable, Equatable {
    /// Indices of the syncing targets, in the order they start.
    let launch: [Int]
    /// For each target, the targets whose writes must be applied before it starts.
    let afterApplied: [Int: Set<Int>]
    /// For each target, the targets that must have finished before it starts.
    let afterFinished: [Int: Set<Int>]

    /// The order of the targets at `indices` (fleet order) given what each will write:
    /// `desired[index]` its objects, `namespace[index]` a namespace it creates itself
    /// (`CreateNamespace=true`).
    init(_ indices: [Int], desired: [Int: [JSONValue]], createsNamespace: [Int: String]) {
        var provides: [Int: Set<String>] = [:]
        var uses: [Int: Set<String>] = [:]
        var keys: [Int: Set<ResourceKey>] = [:]
        for index in indices {
            let objects = desired[index] ?? []
            var provided = Set(createsNamespace[index].map { ["namespace/\($0)"] } ?? [])
            var used: Set<String> = []
            for object in objects {
                let key = ResourceKey(object)
                if key.kind == "Namespace", key.group.isEmpty { provided.insert("namespace/\(key.name)") }
                if key.kind == "CustomResourceDefinition", let group = object["spec"]?["group"]?.stringValue,
                    let kind = object["spec"]?["names"]?["kind"]?.stringValue
                {
                    provided.insert("kind/\(group)/\(kind)")
                }
                if !key.namespace.isEmpty { used.insert("namespace/\(key.namespace)") }
                used.insert("kind/\(key.group)/\(key.kind)")
            }
            provides[index] = provided
            uses[index] = used
            keys[index] = Set(objects.map(ResourceKey.init))
        }
        let tier = { (index: Int) -> Int in
            let provided = provides[index] ?? []
            return provided.contains { $0.hasPrefix("kind/") } ? 0 : provided.isEmpty ? 2 : 1
        }
        launch = indices.enumerated().sorted { (tier($0.element), $0.offset) < (tier($1.element), $1.offset) }.map(
            \.element)
        var providers: [String: [Int]] = [:]
        var owners: [ResourceKey: Int] = [:]
        var afterApplied: [Int: Set<Int>] = [:]
        var afterFinished: [Int: Set<Int>] = [:]
        for index in launch {
            afterApplied[index] = Set((uses[index] ?? []).flatMap { providers[$0] ?? [] }).subtracting([index])
            afterFinished[index] = Set((keys[index] ?? []).compactMap { owners[$0] })
            for token in provides[index] ?? [] { providers[token, default: []].append(index) }
            for key in keys[index] ?? [] { owners[key] = index }
        }
        self.afterApplied = afterApplied
        self.afterFinished = afterFinished
    }
}
