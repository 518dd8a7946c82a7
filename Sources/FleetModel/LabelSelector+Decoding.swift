extension LabelSelector {
    /// Decodes a Kubernetes `LabelSelector` map (`matchLabels`, `matchExpressions`); values are
    /// checked as label values unless `checksValues` is false (a generator's post-selector).
    public init(reading reader: FieldReader, checksValues: Bool = true) throws(FleetModelError) {
        try reader.rejectUnknownKeys(["matchLabels", "matchExpressions"])
        var requirements: [LabelRequirement] = []
        if let matchLabels = try reader.optional("matchLabels") {
            for (key, valueReader) in try matchLabels.members() {
                let value = try valueReader.value.isNull ? "" : Self.labelText(valueReader)
                requirements.append(try Self.check(valueReader, key, .in, [value], checksValues))
            }
        }
        if let expressions = try reader.optional("matchExpressions") {
            requirements += try Self.requirements(ofExpressions: expressions, checksValues: checksValues)
        }
        self.init(requirements: requirements)
    }

    /// Decodes a `matchExpressions` list (`key`, `operator` In/NotIn/Exists/DoesNotExist, `values`).
    static func requirements(
        ofExpressions expressions: FieldReader, checksValues: Bool = true
    ) throws(FleetModelError) -> [LabelRequirement] {
        var requirements: [LabelRequirement] = []
        for expression in try expressions.elements() {
            try expression.rejectUnknownKeys(["key", "operator", "values"])
            let key = try expression.required("key").string()
            let operatorReader = try expression.required("operator")
            let name = try operatorReader.string()
            guard let op = LabelRequirement.Operator(rawValue: name) else {
                let known = LabelRequirement.Operator.allCases.map(\.rawValue).joined(separator: ", ")
                throw operatorReader.error("unknown operator \"\(name)\" (expected one of: \(known))")
            }
            var values: [String] = []
            if let valuesReader = try expression.optional("values") {
                for element in try valuesReader.elements() { values.append(try Self.labelText(element)) }
            }
            requirements.append(try Self.check(expression, key, op, values, checksValues))
        }
        return requirements
    }

    /// Label values are strings; YAML numbers and booleans are taken in their written form.
    private static func labelText(_ reader: FieldReader) throws(FleetModelError) -> String {
        switch reader.value {
        case .string(let text): return text
        case .int, .double, .bool: return reader.value.scalarText
        default: throw reader.error("a label value must be a string, not a \(reader.value.typeName)")
        }
    }

    private static func check(
        _ reader: FieldReader, _ key: String, _ op: LabelRequirement.Operator, _ values: [String],
        _ checksValues: Bool
    ) throws(FleetModelError) -> LabelRequirement {
        switch LabelRequirement.validated(key: key, operator: op, values: values, checksValues: checksValues) {
        case .success(let requirement): return requirement
        case .failure(let problem): throw reader.error(problem.message)
        }
    }
}
