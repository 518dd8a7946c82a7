import FleetModel

/// The clusters a `clusters` generator selects from, sorted by name, with their
/// params built once however many times generators run over them.
struct ClusterCatalog: Sendable {
    /// A cluster and its params.
    struct Entry: Sendable {
        let cluster: Cluster
        let params: ParamSet
    }

    let entries: [Entry]

    init(_ clusters: [Cluster]) {
        entries = clusters.sorted { $0.name < $1.name }.map { Entry(cluster: $0, params: Self.params(of: $0)) }
    }

    /// Argo CD's cluster params: `name`, `nameNormalized`, `server`, `project`,
    /// `metadata.labels.<k>` and `metadata.annotations.<k>` (keys sorted).
    static func params(of cluster: Cluster) -> ParamSet {
        let labels = JSONObject(cluster.labels.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
        let annotations = JSONObject(
            cluster.annotations.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
        return ParamSet(
            JSONObject([
                ("name", .string(cluster.name)),
                ("nameNormalized", .string(cluster.nameNormalized)),
                ("server", .string(cluster.server)),
                ("project", .string(cluster.project)),
                (
                    "metadata",
                    .object(JSONObject([("labels", .object(labels)), ("annotations", .object(annotations))]))
                ),
            ]))
    }
}
