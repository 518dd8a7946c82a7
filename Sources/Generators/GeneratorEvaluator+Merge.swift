import FleetModel

extension GeneratorEvaluator {
    /// `merge`: the base generator's param sets in order; a later generator's set whose
    /// `mergeKeys` values equal a base set's overrides that set's params; the rest are dropped.
    func mergeParams(
        _ generator: Generator, mergeKeys: [String], children: [Generator], outer: ParamSet?
    )
        throws(GeneratorError) -> [ParamSet]
    {
        var base = try evaluate(children[0], outer: outer)
        for child in children.dropFirst() {
            var overrides: [[String]: ParamSet] = [:]
            for set in try evaluate(child, outer: outer) {
                guard let key = Self.mergeKey(set, mergeKeys) else { continue }
                if overrides[key] != nil {
                    throw .generatorFailed(
                        child.location, path: child.path,
                        message: "param sets are not unique by mergeKeys (\(mergeKeys.joined(separator: ", "))): "
                            + "two have \(key.joined(separator: ", "))")
                }
                overrides[key] = set
            }
            for index in base.indices {
                guard let key = Self.mergeKey(base[index], mergeKeys), let override = overrides[key] else { continue }
                base[index] = ParamSet(base[index].values.deepMerging(override.values))
            }
        }
        return base
    }

    /// The values of the merge keys as text, or nil when a set lacks one of them.
    private static func mergeKey(_ set: ParamSet, _ keys: [String]) -> [String]? {
        var values: [String] = []
        for key in keys {
            guard let value = set.lookup(key) else { return nil }
            values.append(value.scalarText)
        }
        return values
    }
}
