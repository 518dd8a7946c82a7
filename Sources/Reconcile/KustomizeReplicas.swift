import FleetModel

/// An Application's `spec.source.kustomize.replicas` (`[{name, count}]`), laid over the
/// rendered objects as Argo CD's `kustomize edit set replicas` does: `spec.replicas` of the
/// Deployment, StatefulSet, ReplicaSet or ReplicationController of that name.
struct KustomizeReplicas {
    static let kinds: Set<String> = ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"]
    let counts: [String: Int]

    /// The overrides of `application`'s document; an entry without a name or a whole-number
    /// count is an error naming the field.
    init(application: JSONValue) throws(ReconcileError) {
        var counts: [String: Int] = [:]
        let entries = application["spec"]?["source"]?["kustomize"]?["replicas"]?.arrayValue ?? []
        for (index, entry) in entries.enumerated() {
            let field = "spec.source.kustomize.replicas[\(index)]"
            guard let name = entry["name"]?.stringValue, !name.isEmpty else {
                throw ReconcileError("\(field).name: a workload name is required")
            }
            let count = entry["count"]?.intValue ?? entry["count"]?.stringValue.flatMap { Int($0) }
            guard let count, count >= 0 else {
                throw ReconcileError("\(field).count: a whole number of replicas is required")
            }
            counts[name] = count
        }
        self.counts = counts
    }

    /// `manifests` with the replica counts set.
    func applied(to manifests: [Manifest]) -> [Manifest] {
        guard !counts.isEmpty else { return manifests }
        return manifests.map { manifest in
            guard case .object(var object) = manifest.object,
                let kind = object["kind"]?.stringValue, Self.kinds.contains(kind),
                let name = object["metadata"]?["name"]?.stringValue, let count = counts[name]
            else { return manifest }
            var spec = object["spec"]?.objectValue ?? JSONObject([])
            spec["replicas"] = .int(count)
            object["spec"] = .object(spec)
            return Manifest(object: .object(object), file: manifest.file)
        }
    }
}
