import FleetModel

/// Runs generators: each yields its param sets in a deterministic order.
struct GeneratorEvaluator: Sendable {
    /// The registered clusters, or nil when no cluster source was given.
    let catalog: ClusterCatalog?
    /// How placeholders in generator inputs that no param fills are treated.
    let missingParams: ApplicationSet.MissingParams
    /// The repository trees git generators read.
    var repositories = RepositorySnapshots()
    /// Param sets a matrix may make (nil: no bound): a bound stops a hostile product of lists
    /// while it is built, not after.
    var maxParamSets: Int?

    /// The param sets of `generator`. `outer` holds the params of an enclosing
    /// matrix's first child; generator inputs are templated with them.
    func evaluate(_ generator: Generator, outer: ParamSet?) throws(GeneratorError) -> [ParamSet] {
        let sets: [ParamSet]
        switch generator.kind {
        case .list(let elements, let elementsYaml):
            sets = try listParams(elements: elements, elementsYaml: elementsYaml, outer: outer)
        case .clusters(let selector, let values):
            sets = try clusterParams(generator, selector: selector, values: values, outer: outer)
        case .matrix(let children):
            sets = try matrixParams(children, outer: outer)
        case .merge(let mergeKeys, let children):
            sets = try mergeParams(generator, mergeKeys: mergeKeys, children: children, outer: outer)
        case .git(let spec):
            sets = try gitParams(generator, spec, outer: outer)
        }
        guard let selector = generator.postSelector else { return sets }
        return sets.filter { selector.matches($0.selectorLabels) }
    }

    /// Templates a generator input with the outer params, when there are any.
    func templated(_ reader: FieldReader, with params: ParamSet?) throws(GeneratorError) -> FieldReader {
        guard let params else { return reader }
        let value = try CompiledTemplate(compiling: reader).render(params, missingParams: missingParams)
        return FieldReader(value: value, path: reader.path, sourceMap: reader.sourceMap)
    }

    private func matrixParams(_ children: [Generator], outer: ParamSet?) throws(GeneratorError) -> [ParamSet] {
        var result: [ParamSet] = []
        for first in try evaluate(children[0], outer: outer) {
            let context = ParamSet((outer?.values ?? JSONObject()).deepMerging(first.values))
            for second in try evaluate(children[1], outer: context) {
                result.append(try combine(first, second, at: children[1]))
                if let maxParamSets, result.count > maxParamSets {
                    throw .generatorFailed(
                        children[1].location, path: children[1].path,
                        message:
                            "the matrix makes more than \(maxParamSets) param sets; at most \(maxParamSets) are allowed here"
                    )
                }
            }
        }
        return result
    }

    /// Joins a matrix's two param sets; a param both set to different values is an error.
    private func combine(
        _ first: ParamSet, _ second: ParamSet, at generator: Generator
    ) throws(GeneratorError) -> ParamSet {
        var combined = first.values
        for (key, value) in second.values {
            if let existing = combined[key], existing != value {
                if case .object(let mine) = existing, case .object(let theirs) = value,
                    let merged = try? Self.mergeWithoutConflict(mine, theirs)
                {
                    combined[key] = .object(merged)
                    continue
                }
                throw .generatorFailed(
                    generator.location, path: generator.path,
                    message: "matrix children both set param \"\(key)\" with different values "
                        + "(\(existing.scalarText) and \(value.scalarText)); rename one of them")
            }
            combined[key] = value
        }
        return ParamSet(combined)
    }

    private struct Conflict: Error {}

    private static func mergeWithoutConflict(_ mine: JSONObject, _ theirs: JSONObject) throws(Conflict) -> JSONObject {
        var result = mine
        for (key, value) in theirs {
            if let existing = result[key], existing != value {
                guard case .object(let left) = existing, case .object(let right) = value else { throw Conflict() }
                result[key] = .object(try mergeWithoutConflict(left, right))
            } else {
                result[key] = value
            }
        }
        return result
    }
}
