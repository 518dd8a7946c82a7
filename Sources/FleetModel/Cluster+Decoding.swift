extension Cluster {
    /// The fields `flotilla cluster list -o yaml` adds beside a cluster's identity; a
    /// clusters file may carry them (such a listing is a valid clusters file) and they are passed over.
    static let registryFields: Set<String> = [
        "namespace", "proxyURL", "tls", "credential", "source", "createdAt", "updatedAt",
    ]

    /// Decodes one cluster entry: `{name, server, project, labels, annotations}`.
    public init(reading reader: FieldReader) throws(FleetModelError) {
        try reader.rejectUnknownKeys(
            Set(["name", "server", "project", "labels", "annotations"]).union(Self.registryFields))
        var labels: [String: String] = [:]
        for (key, valueReader) in try reader.optional("labels")?.members() ?? [] {
            let value = try valueReader.string()
            if let problem = LabelValidation.keyProblem(key) ?? LabelValidation.valueProblem(value) {
                throw valueReader.error(problem.message)
            }
            labels[key] = value
        }
        self.init(
            name: try reader.required("name").nonEmptyString(),
            server: try reader.required("server").nonEmptyString(),
            project: try reader.optional("project")?.string() ?? "",
            labels: labels,
            annotations: try reader.optional("annotations")?.stringMap() ?? [:]
        )
    }

    /// Decodes a clusters file: a `ClusterList` document or a bare YAML list of clusters.
    /// Two clusters with one name are an error.
    public static func list(from documents: [YAMLDocument]) throws(FleetModelError) -> [Cluster] {
        var clusters: [Cluster] = []
        var seen: [String: SourceLocation] = [:]
        for document in documents {
            let reader = document.reader
            let items: FieldReader
            if case .array = document.value {
                items = reader
            } else {
                let header = try FleetDocumentHeader(reading: reader)
                guard header.kind == "ClusterList" else {
                    throw reader.error(
                        "expected a ClusterList document or a list of clusters, found kind \"\(header.kind)\"")
                }
                items =
                    try reader.optional("items")
                    ?? FieldReader(value: [], path: reader.path.appending("items"), sourceMap: reader.sourceMap)
            }
            for item in try items.elements() {
                let cluster = try Cluster(reading: item)
                if let earlier = seen[cluster.name] {
                    throw item.error("duplicate cluster name \"\(cluster.name)\" (first defined at \(earlier))")
                }
                seen[cluster.name] = item.location
                clusters.append(cluster)
            }
        }
        return clusters
    }
}
