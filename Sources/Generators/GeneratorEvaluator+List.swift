import FleetModel

extension GeneratorEvaluator {
    /// `list`: one param set per element, from `elements` or from YAML text in `elementsYaml`.
    func listParams(
        elements: FieldReader?, elementsYaml: FieldReader?, outer: ParamSet?
    ) throws(GeneratorError)
        -> [ParamSet]
    {
        let items: FieldReader
        if let elements {
            items = try templated(elements, with: outer)
        } else if let elementsYaml {
            items = try parseElementsYaml(try templated(elementsYaml, with: outer ?? ParamSet()))
        } else {
            return []
        }
        var sets: [ParamSet] = []
        do throws(FleetModelError) {
            for element in try items.elements() {
                guard case .object(let params) = element.value else {
                    throw element.error("list elements must be maps of params, not a \(element.value.typeName)")
                }
                sets.append(ParamSet(params))
            }
        } catch {
            throw .model(error)
        }
        return sets
    }

    /// `elementsYaml` holds YAML text (usually one whole-value param) for a list of maps.
    private func parseElementsYaml(_ reader: FieldReader) throws(GeneratorError) -> FieldReader {
        switch reader.value {
        case .array:
            return reader
        case .string(let text):
            let documents: [YAMLDocument]
            do {
                documents = try YAMLLoader.load(text, file: "\(reader.location) elementsYaml")
            } catch {
                throw .generatorFailed(
                    reader.location, path: reader.path,
                    message: "elementsYaml is not valid YAML: \(error.localizedDescription)")
            }
            let found = documents.first?.value ?? .array([])
            guard documents.count <= 1, case .array = found else {
                let what = documents.count > 1 ? "\(documents.count) documents" : "a \(found.typeName)"
                throw .generatorFailed(
                    reader.location, path: reader.path,
                    message: "elementsYaml must hold one YAML list of maps, not \(what)")
            }
            return FieldReader(value: found, path: reader.path, sourceMap: reader.sourceMap)
        default:
            throw .generatorFailed(
                reader.location, path: reader.path,
                message: "elementsYaml must be YAML text or a list, not a \(reader.value.typeName)")
        }
    }
}
