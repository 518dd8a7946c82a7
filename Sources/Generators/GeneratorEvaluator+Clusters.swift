import FleetModel

extension GeneratorEvaluator {
    /// `clusters`: one param set per cluster matching the selector, by cluster name.
    func clusterParams(
        _ generator: Generator, selector: FieldReader?, values: FieldReader?, outer: ParamSet?
    )
        throws(GeneratorError) -> [ParamSet]
    {
        guard let clusters else {
            throw .generatorFailed(
                generator.location, path: generator.path,
                message: "a clusters generator needs registered clusters: pass --clusters FILE")
        }
        var labelSelector = LabelSelector.everything
        if let selector {
            let rendered = try templated(selector, with: outer)
            do {
                labelSelector = try LabelSelector(reading: rendered)
            } catch {
                throw .model(error)
            }
        }
        let valuesTemplate = try values.map { reader throws(GeneratorError) in try CompiledTemplate(compiling: reader) }
        var sets: [ParamSet] = []
        for cluster in clusters.sorted(by: { $0.name < $1.name }) where labelSelector.matches(cluster.labels) {
            var params = Self.params(of: cluster)
            if let valuesTemplate {
                let scope = ParamSet((outer?.values ?? JSONObject()).deepMerging(params.values))
                params.values["values"] = try valuesTemplate.render(scope, missingParams: missingParams)
            }
            sets.append(params)
        }
        return sets
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
