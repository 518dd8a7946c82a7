import FleetModel

extension CompiledTemplate {
    /// The template with every placeholder replaced from `params`.
    func render(_ params: ParamSet, missingParams: ApplicationSet.MissingParams) throws(GeneratorError) -> JSONValue {
        try Self.render(root, params, missingParams)
    }

    private static func render(
        _ node: Node, _ params: ParamSet, _ missing: ApplicationSet.MissingParams
    )
        throws(GeneratorError) -> JSONValue
    {
        switch node {
        case .constant(let value):
            return value
        case .text(let text, let origin):
            if let path = text.wholeValuePath {
                if let value = params.lookup(path) { return value }
                return .string(try substitute(text, origin, params, missing))
            }
            return .string(try substitute(text, origin, params, missing))
        case .array(let nodes):
            var elements: [JSONValue] = []
            elements.reserveCapacity(nodes.count)
            for element in nodes { elements.append(try render(element, params, missing)) }
            return .array(elements)
        case .object(let members):
            var object = JSONObject()
            for member in members {
                let key: String
                switch member.key {
                case .constant(let text): key = text
                case .text(let text, let origin): key = try substitute(text, origin, params, missing)
                }
                object[key] = try render(member.value, params, missing)
            }
            return .object(object)
        }
    }

    /// The text with each placeholder replaced by its param's value as text.
    private static func substitute(
        _ text: TemplateText, _ origin: Origin, _ params: ParamSet, _ missing: ApplicationSet.MissingParams
    ) throws(GeneratorError) -> String {
        var output = ""
        for segment in text.segments {
            switch segment {
            case .literal(let literal):
                output += literal
            case .placeholder(let path, let written):
                guard let value = params.lookup(path) else {
                    if missing == .keep {
                        output += written
                        continue
                    }
                    throw .unknownParam(
                        origin.location, path: origin.path, placeholder: written, available: params.names)
                }
                switch value {
                case .array, .object:
                    throw .templateSyntax(
                        origin.location, path: origin.path,
                        message:
                            "param \(written) is a \(value.typeName); a list or map can only be used as a whole value")
                default:
                    output += value.scalarText
                }
            }
        }
        return output
    }
}
