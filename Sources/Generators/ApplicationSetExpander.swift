import FleetModel

/// Expands ApplicationSets into Applications.
public struct ApplicationSetExpander: Sendable {
    /// The clusters the `clusters` generator selects from; nil when none were given.
    private let catalog: ClusterCatalog?
    /// Where `templateRef` templates are found.
    private let templates: any TemplateSource
    /// The repository trees git generators read (see `RepositorySnapshots.load`).
    private let repositories: RepositorySnapshots
    /// Param sets one matrix may make (nil: no bound).
    private let maxParamSets: Int?

    /// An expander over `clusters` (nil: no cluster source), reading shared templates from
    /// `templates`, and git generators' repositories from `repositories`; a matrix making more
    /// than `maxParamSets` param sets fails as it is built (nil: no bound).
    public init(
        clusters: [Cluster]?, templates: any TemplateSource = TemplateDirectory(),
        repositories: RepositorySnapshots = RepositorySnapshots(), maxParamSets: Int? = nil
    ) {
        catalog = clusters.map(ClusterCatalog.init)
        self.templates = templates
        self.repositories = repositories
        self.maxParamSets = maxParamSets
    }

    /// The Applications of `set`, in generator order then param order.
    public func expand(_ set: ApplicationSet) throws(GeneratorError) -> [GeneratedApplication] {
        let evaluator = GeneratorEvaluator(
            catalog: catalog, missingParams: set.missingParams, repositories: repositories,
            maxParamSets: maxParamSets)
        let (base, templateRoot) = try baseTemplate(set)
        // Argo CD's controller creates an ApplicationSet's Applications in its own namespace.
        let namespace = set.document.reader.value["metadata"]?["namespace"]?.stringValue ?? Self.defaultNamespace
        let preservesResources = set.syncPolicy?["preserveResourcesOnDeletion"] == .bool(true)
        var applications: [GeneratedApplication] = []
        for generator in set.generators {
            var template = base
            if let override = generator.templateOverride {
                template = base.merging(CompiledTemplate(compiling: override))
            }
            let paramSets = try evaluator.evaluate(generator, outer: nil)
            for (number, params) in paramSets.enumerated() {
                let rendered = Self.placing(
                    try template.render(params, missingParams: set.missingParams), in: namespace,
                    addingFinalizer: !preservesResources)
                let application = try validate(rendered, set: set, templateRoot: templateRoot, params: params)
                let origin = ApplicationOrigin(
                    location: generator.location, name: application.name,
                    source: .generator(applicationSet: set.name, number: number + 1, params: params))
                applications.append(
                    GeneratedApplication(application: application, origin: origin, written: templateRoot))
            }
        }
        return applications
    }

    /// `spec.templateRef`'s template with `spec.template` laid over it; and the
    /// reader that error locations are resolved against.
    private func baseTemplate(_ set: ApplicationSet) throws(GeneratorError) -> (CompiledTemplate, FieldReader) {
        var compiled: CompiledTemplate?
        var root: FieldReader?
        if let reference = set.templateRef {
            do {
                let name = try reference.string()
                let shared = try templates.template(named: name, referencedBy: reference)
                root = shared
                compiled = CompiledTemplate(compiling: try Self.strippingHeader(shared))
            } catch {
                throw .model(error)
            }
        }
        if let template = set.template {
            let own = CompiledTemplate(compiling: template)
            compiled = compiled.map { $0.merging(own) } ?? own
            root = template
        }
        guard let compiled, let root else {
            throw .model(set.document.reader.error("spec.template or spec.templateRef is required"))
        }
        return (compiled, root)
    }

    /// Where Argo CD runs, and so where an ApplicationSet without a namespace lives.
    public static let defaultNamespace = "argocd"

    /// `rendered` with `metadata.namespace` set to `namespace`, right after the name (Argo CD
    /// replaces whatever the template says), and with `addingFinalizer` Argo CD's
    /// `resourcesFinalizer` appended to `metadata.finalizers`, as its ApplicationSet controller
    /// adds it, unless the template already names it (or its `/foreground`, `/background` forms).
    private static func placing(_ rendered: JSONValue, in namespace: String, addingFinalizer: Bool) -> JSONValue {
        guard case .object(var application) = rendered, case .object(let metadata) = application["metadata"] else {
            return rendered
        }
        var placed = JSONObject()
        for (key, value) in metadata where key != "namespace" {
            placed[key] = value
            if key == "name" { placed["namespace"] = .string(namespace) }
        }
        if placed["namespace"] == nil { placed["namespace"] = .string(namespace) }
        if addingFinalizer {
            switch placed["finalizers"] {
            case .array(let written) where !written.contains(where: Self.isResourcesFinalizer):
                placed["finalizers"] = .array(written + [.string(resourcesFinalizer)])
            case nil, .null:
                placed["finalizers"] = .array([.string(resourcesFinalizer)])
            default:
                break  // already there, or not a list (the Application's own validation says so)
            }
        }
        application["metadata"] = .object(placed)
        return .object(application)
    }

    /// Argo CD's finalizer that deletes an Application's resources with it.
    public static let resourcesFinalizer = "resources-finalizer.argocd.argoproj.io"

    private static func isResourcesFinalizer(_ value: JSONValue) -> Bool {
        value.stringValue?.hasPrefix(resourcesFinalizer) == true
    }

    /// A shared template may be a full Application document; only its body is a template.
    private static func strippingHeader(_ reader: FieldReader) throws(FleetModelError) -> FieldReader {
        var object = try reader.object()
        object["apiVersion"] = nil
        object["kind"] = nil
        return FieldReader(value: .object(object), path: reader.path, sourceMap: reader.sourceMap)
    }

    private func validate(
        _ rendered: JSONValue, set: ApplicationSet, templateRoot: FieldReader, params: ParamSet
    )
        throws(GeneratorError) -> Application
    {
        do {
            return try Application(reading: FieldReader(value: rendered, path: .root, sourceMap: SourceMap(file: "")))
        } catch {
            let (path, message): (JSONPath, String)
            switch error {
            case .invalidField(_, let fieldPath, let text): (path, message) = (fieldPath, "\(fieldPath): \(text)")
            default: (path, message) = (.root, error.localizedDescription)
            }
            let location = templateRoot.sourceMap.location(
                of: JSONPath(components: templateRoot.path.components + path.components))
            throw .invalidApplication(location, applicationSet: set.name, params: params.summary, message: message)
        }
    }
}
