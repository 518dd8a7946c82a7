import FleetModel

extension GeneratorEvaluator {
    /// `clusters`: one param set per cluster matching the selector, by cluster name.
    func clusterParams(
        _ generator: Generator, selector: FieldReader?, values: FieldReader?, outer: ParamSet?
    )
        throws(GeneratorError) -> [ParamSet]
    {
        guard let catalog else {
            throw .generatorFailed(
                generator.location, path: generator.path,
                message:
                    "a clusters generator needs registered clusters: run flotilla cluster add, or pass --clusters FILE")
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
        let valuesTemplate = values.map { CompiledTemplate(compiling: $0) }
        var sets: [ParamSet] = []
        for entry in catalog.entries where labelSelector.matches(entry.cluster.labels) {
            var params = entry.params
            if let valuesTemplate {
                let scope = ParamSet((outer?.values ?? JSONObject()).deepMerging(params.values))
                params.values["values"] = try valuesTemplate.render(scope, missingParams: missingParams)
            }
            sets.append(params)
        }
        return sets
    }
}
