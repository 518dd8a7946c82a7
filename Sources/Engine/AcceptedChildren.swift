import FleetModel
import Reconcile

/// The child Application and ApplicationSet documents (app of apps) a parent target's last
/// sync applied, as the registry keeps them: Argo CD's children are Application resources in
/// the cluster, written when their parent syncs; here they are these documents. A change to
/// them in Git waits, like a change to any of the parent's objects, for the parent's next
/// sync (automated or a person's); until then the children follow the accepted documents.
public struct AcceptedChildren: Sendable, Equatable {
    /// The documents, in the order the parent rendered them.
    public var manifests: [Manifest]

    /// The accepted `manifests`.
    public init(_ manifests: [Manifest]) {
        self.manifests = manifests
    }

    /// The documents as the registry stores them: a JSON array of `{"file", "object"}`.
    public var stored: String {
        JSONWriter.compact(
            .array(manifests.map { .object(["file": .string($0.file), "object": $0.object]) }))
    }

    /// The documents read back from `stored`, or nil when it is not what `stored` writes.
    public init?(stored: String) {
        guard let array = (try? JSONReader.parse(stored))?.arrayValue else { return nil }
        var manifests: [Manifest] = []
        for element in array {
            guard let file = element["file"]?.stringValue, let object = element["object"] else { return nil }
            manifests.append(Manifest(object: object, file: file))
        }
        self.manifests = manifests
    }

    /// How `rendered` differs from these documents, by kind and name (the file a document sits
    /// in is no part of it); nil when they hold the same documents.
    public func difference(from rendered: [Manifest]) -> ChildDifference? {
        let before = Self.byName(manifests)
        let after = Self.byName(rendered)
        var parts: [String] = []
        var diff = ""
        let added = after.keys.filter { before[$0] == nil }.sorted()
        let changed = after.filter { name, document in before[name].map { $0 != document } ?? false }.keys.sorted()
        let removed = before.keys.filter { after[$0] == nil }.sorted()
        if !added.isEmpty { parts.append("new " + added.joined(separator: ", ")) }
        if !changed.isEmpty { parts.append("changed " + changed.joined(separator: ", ")) }
        if !removed.isEmpty { parts.append("removed " + removed.joined(separator: ", ")) }
        for name in (added + changed + removed).sorted() {
            diff += UnifiedDiff.render(
                old: before[name].map(YAMLWriter.document) ?? "", new: after[name].map(YAMLWriter.document) ?? "",
                oldLabel: "applied/\(name)", newLabel: "git/\(name)")
        }
        return parts.isEmpty ? nil : ChildDifference(summary: parts.joined(separator: "; "), diff: diff)
    }

    /// The documents by `Kind/name` (the last of a name wins: two of one name are refused
    /// when the children are admitted anyway).
    private static func byName(_ manifests: [Manifest]) -> [String: JSONValue] {
        Dictionary(
            manifests.map { manifest in
                let kind = manifest.object["kind"]?.stringValue ?? "?"
                let name = manifest.object["metadata"]?["name"]?.stringValue ?? "?"
                return ("\(kind)/\(name)", manifest.object)
            }
        ) { _, last in last }
    }
}

/// How a parent's child documents in Git differ from those its last sync applied.
public struct ChildDifference: Sendable, Equatable {
    /// `new Application/b; changed Application/a; removed ApplicationSet/s`.
    public var summary: String
    /// The unified YAML diff of each document, applied to Git.
    public var diff: String
}
