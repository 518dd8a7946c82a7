/// An Argo CD–style `ApplicationSet`: generators expanded through a template.
public struct ApplicationSet: Sendable {
    /// What to do with a `<<param>>` that no generator provides.
    public enum MissingParams: String, Sendable {
        /// Fail, naming the placeholder (Flotilla's default).
        case error
        /// Leave the placeholder text in place (Argo CD's behaviour).
        case keep
    }

    /// `metadata.name`.
    public var name: String
    /// `spec.generators`, in order.
    public var generators: [Generator]
    /// `spec.template`, when given.
    public var template: FieldReader?
    /// `spec.templateRef`: the name of a template under `templates/`, when given.
    public var templateRef: FieldReader?
    /// `spec.templateOptions.missingParams`.
    public var missingParams: MissingParams
    /// `spec.syncPolicy`, kept for the fleet engine (`applicationsSync`, `preserveResourcesOnDeletion`).
    public var syncPolicy: JSONValue?
    /// `spec.strategy` when it is `RollingSync` (nil: every Application at once).
    public var strategy: RolloutStrategy?
    /// The document it was read from.
    public var document: YAMLDocument
}

extension ApplicationSet {
    /// Decodes and checks an ApplicationSet document: its generators' shapes and
    /// that it has a template (`spec.template`, `spec.templateRef` or both).
    public init(document: YAMLDocument) throws(FleetModelError) {
        self.document = document
        let reader = document.reader
        name = try reader.required("metadata").required("name").nonEmptyString()
        let spec = try reader.required("spec")
        if let goTemplate = try spec.optional("goTemplate"), try goTemplate.bool() {
            throw goTemplate.error(
                "Go templates are not supported: Flotilla templates use <<param>> placeholders "
                    + "(flotilla import argocd converts an Argo CD ApplicationSet)")
        }
        var generators: [Generator] = []
        let generatorsReader = try spec.required("generators")
        for element in try generatorsReader.elements() {
            generators.append(try Generator(reading: element))
        }
        guard !generators.isEmpty else { throw generatorsReader.error("must hold at least one generator") }
        self.generators = generators
        template = try spec.optional("template")
        templateRef = try spec.optional("templateRef")
        if let templateRef { _ = try templateRef.nonEmptyString() }
        if template == nil, templateRef == nil {
            throw .invalidField(
                spec.location, path: spec.path.appending("template"), message: "is required (or spec.templateRef)")
        }
        if let option = try spec.optional("templateOptions")?.optional("missingParams") {
            guard let mode = MissingParams(rawValue: try option.string()) else {
                throw option.error("must be \"error\" or \"keep\"")
            }
            missingParams = mode
        } else {
            missingParams = .error
        }
        syncPolicy = try spec.optional("syncPolicy")?.value
        strategy = try spec.optional("strategy").flatMap { (reader) throws(FleetModelError) in
            try RolloutStrategy.decode(reader)
        }
    }
}
