import FleetModel

/// A string of an ApplicationSet that holds template actions, and what became of them.
struct ArgoSite: Sendable {
    /// The string's path; its text starts at this path's mark.
    let path: JSONPath
    let occurrences: [ArgoOccurrence]
    /// Problems about the string as a whole.
    let problems: [String]
}

/// One ApplicationSet converted as a value: the converted document, and every string that changed
/// or could not be converted, for the text-level rewrite and the messages.
struct ArgoDocumentConversion: Sendable {
    /// The document as Flotilla should read it.
    private(set) var value: JSONValue
    /// The strings with actions (or Flotilla-looking text), in document order.
    private(set) var sites: [ArgoSite] = []
    /// Map keys with actions: converted in `value`, never rewritten in place.
    private(set) var keyProblems: [ImportFinding] = []
    /// Fields dropped from `spec` (`goTemplate`, `goTemplateOptions`).
    private(set) var droppedFields: [JSONPath] = []
    /// Fields Flotilla has no equivalent for.
    private(set) var unsupportedFields: [JSONPath] = []

    private let syntax: ArgoTemplateSyntax
    private let sourceMap: SourceMap

    /// Converts the ApplicationSet `document`.
    init(applicationSet document: YAMLDocument) {
        sourceMap = document.sourceMap
        value = document.value
        let spec = document.value["spec"]?.objectValue ?? JSONObject()
        syntax = spec["goTemplate"]?.boolValue == true ? .goTemplate : .fasttemplate
        guard var converted = document.value.objectValue, var newSpec = document.value["spec"]?.objectValue else {
            return
        }
        let specPath = JSONPath.root.appending("spec")
        if syntax == .goTemplate {
            for field in ["goTemplate", "goTemplateOptions"] where newSpec[field] != nil {
                newSpec[field] = nil
                droppedFields.append(specPath.appending(field))
            }
            if newSpec["templatePatch"] != nil { unsupportedFields.append(specPath.appending("templatePatch")) }
        }
        if let generators = newSpec["generators"]?.arrayValue {
            newSpec["generators"] = .array(convertGenerators(generators, at: specPath.appending("generators")))
        }
        if let template = newSpec["template"] {
            newSpec["template"] = convert(template, at: specPath.appending("template"))
        }
        converted["spec"] = .object(newSpec)
        value = .object(converted)
    }

    /// Generators are templated everywhere except the elements of a list Argo CD does not
    /// interpolate: only a matrix's second generator is rendered with the first one's params.
    private mutating func convertGenerators(
        _ generators: [JSONValue], at path: JSONPath, interpolated: Bool = false
    ) -> [JSONValue] {
        generators.enumerated().map { index, generator in
            convertGenerator(generator, at: path.appending(index), interpolated: interpolated)
        }
    }

    private mutating func convertGenerator(_ generator: JSONValue, at path: JSONPath, interpolated: Bool) -> JSONValue {
        guard let object = generator.objectValue else { return convert(generator, at: path) }
        var result = JSONObject()
        for (kind, body) in object {
            let bodyPath = path.appending(kind)
            guard var bodyObject = body.objectValue else {
                result[kind] = convert(body, at: bodyPath)
                continue
            }
            for (field, fieldValue) in bodyObject {
                let fieldPath = bodyPath.appending(field)
                switch (kind, field) {
                case ("list", "elements"), ("list", "elementsYaml"):
                    if interpolated { bodyObject[field] = convert(fieldValue, at: fieldPath) }
                case ("matrix", "generators"), ("merge", "generators"):
                    let children = fieldValue.arrayValue ?? []
                    bodyObject[field] = .array(
                        children.enumerated().map { index, child in
                            convertGenerator(
                                child, at: fieldPath.appending(index), interpolated: kind == "matrix" && index == 1)
                        })
                default:
                    bodyObject[field] = convert(fieldValue, at: fieldPath)
                }
            }
            result[kind] = .object(bodyObject)
        }
        return .object(result)
    }

    /// Converts every string (and map key) of `value`.
    private mutating func convert(_ value: JSONValue, at path: JSONPath) -> JSONValue {
        switch value {
        case .string(let text):
            let conversion = ArgoStringConversion(text, syntax: syntax)
            if !conversion.occurrences.isEmpty || !conversion.problems.isEmpty {
                sites.append(ArgoSite(path: path, occurrences: conversion.occurrences, problems: conversion.problems))
            }
            return .string(conversion.converted)
        case .array(let elements):
            return .array(elements.enumerated().map { index, element in convert(element, at: path.appending(index)) })
        case .object(let object):
            var result = JSONObject()
            for (key, member) in object {
                var newKey = key
                if key.contains("{{") || key.contains("<<") {
                    let conversion = ArgoStringConversion(key, syntax: syntax)
                    newKey = conversion.converted
                    for occurrence in conversion.occurrences {
                        if case .reject(let message) = occurrence.outcome {
                            keyProblems.append(ImportFinding(sourceMap.location(of: path), path: path, message))
                        }
                    }
                    for problem in conversion.problems {
                        keyProblems.append(
                            ImportFinding(sourceMap.location(of: path), path: path, "key \(key): \(problem)"))
                    }
                }
                result[newKey] = convert(member, at: path.appending(key))
            }
            return .object(result)
        default:
            return value
        }
    }
}
