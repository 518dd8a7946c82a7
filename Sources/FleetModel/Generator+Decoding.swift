extension Generator {
    /// The generator kinds Flotilla knows.
    public static let kindNames = ["list", "clusters", "git", "matrix", "merge"]

    /// Decodes one generator. `nesting` is 0 for `spec.generators` entries, 1 inside a
    /// matrix or merge, 2 inside a nested one; matrix and merge may nest one level only.
    public init(reading reader: FieldReader, nesting: Int = 0) throws(FleetModelError) {
        let object = try reader.object()
        let kinds = object.keys.filter { Self.kindNames.contains($0) }
        let others = object.keys.filter { !Self.kindNames.contains($0) && $0 != "selector" }
        if let unknown = others.first {
            let known = Self.kindNames.joined(separator: ", ")
            let field = try reader.required(unknown)
            throw field.error(
                "unknown generator \"\(unknown)\" (Flotilla supports: \(known); a post-filter goes in \"selector\")")
        }
        guard kinds.count == 1, let kindName = kinds.first else {
            let found = kinds.isEmpty ? "none" : kinds.joined(separator: " and ")
            throw reader.error(
                "a generator needs exactly one kind of \(Self.kindNames.joined(separator: ", ")); found \(found)")
        }
        let body = try reader.required(kindName)
        location = reader.location
        path = reader.path
        // A post-selector compares param values (a server URL, a path), which need not be label values.
        postSelector = try reader.optional("selector").map { selector throws(FleetModelError) in
            try LabelSelector(reading: selector, checksValues: false)
        }
        templateOverride = try body.optional("template")
        if templateOverride != nil, nesting > 0 {
            throw try body.required("template").error("a template override is allowed on top-level generators only")
        }
        kind = try Self.kind(kindName, body, nesting: nesting)
    }

    private static func kind(_ name: String, _ body: FieldReader, nesting: Int) throws(FleetModelError) -> Kind {
        switch name {
        case "list":
            try body.rejectUnknownKeys(["elements", "elementsYaml", "template"])
            let elements = try body.optional("elements")
            let elementsYaml = try body.optional("elementsYaml")
            if elements == nil, elementsYaml == nil {
                throw body.error("a list generator needs elements or elementsYaml")
            }
            if elements != nil, elementsYaml != nil { throw body.error("set elements or elementsYaml, not both") }
            return .list(elements: elements, elementsYaml: elementsYaml)
        case "clusters":
            try body.rejectUnknownKeys(["selector", "values", "template"])
            return .clusters(selector: try body.optional("selector"), values: try body.optional("values"))
        case "git":
            return .git(try GitGeneratorSpec(reading: body))
        case "matrix":
            try body.rejectUnknownKeys(["generators", "template"])
            let children = try nested(body, nesting: nesting, kind: name)
            guard children.count == 2 else {
                throw try body.required("generators").error(
                    "a matrix combines exactly two generators; found \(children.count)")
            }
            return .matrix(children)
        default:
            try body.rejectUnknownKeys(["generators", "mergeKeys", "template"])
            let keysReader = try body.required("mergeKeys")
            let mergeKeys = try keysReader.strings()
            guard !mergeKeys.isEmpty else { throw keysReader.error("must name at least one param") }
            let children = try nested(body, nesting: nesting, kind: name)
            guard children.count >= 2 else {
                throw try body.required("generators").error(
                    "a merge needs at least two generators; found \(children.count)")
            }
            return .merge(mergeKeys: mergeKeys, generators: children)
        }
    }

    private static func nested(_ body: FieldReader, nesting: Int, kind: String) throws(FleetModelError) -> [Generator] {
        if nesting >= 2 {
            throw body.error(
                "\(kind) generators nest one level deep at most (a matrix or merge inside a matrix or merge)")
        }
        var children: [Generator] = []
        for element in try body.required("generators").elements() {
            children.append(try Generator(reading: element, nesting: nesting + 1))
        }
        return children
    }
}
