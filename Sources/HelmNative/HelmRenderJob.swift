import FleetModel

/// Answers one `HelmRenderRequest` with the library: loads the chart, merges the user's
/// values as `helm template` does (the `-f` layers deep-merged in order, then `--set`,
/// `--set-string` and file parameters, each parsed by Helm's own `strvals`), renders it, and
/// adds the chart's CRDs when asked.
public struct HelmRenderJob {
    /// The library that renders.
    public let library: HelmLibrary

    /// A job for `library`.
    public init(library: HelmLibrary) {
        self.library = library
    }

    /// Renders `request`.
    public func run(_ request: HelmRenderRequest) throws(HelmLibraryError) -> HelmRenderOutput {
        let chart = try library.loadChart(directory: request.chart)
        defer { library.free(chart) }
        let chartName = try json(library.metadata(chart), "the chart's metadata")["name"]?.stringValue ?? "chart"
        let values = try userValues(request)
        let rendered = try json(
            library.render(chart, valuesJSON: JSONWriter.compact(values), optionsJSON: options(request)),
            "the rendered templates")
        var files: [HelmRenderedFile] = []
        if request.includeCrds, case .array(let crds) = try json(library.crds(chart), "the chart's CRDs") {
            for crd in crds {
                files.append(
                    HelmRenderedFile(
                        name: crd["filename"]?.stringValue ?? crd["name"]?.stringValue ?? "crds",
                        text: crd["data"]?.stringValue ?? ""))
            }
        }
        for (name, text) in rendered.objectValue ?? JSONObject() where !name.hasSuffix("NOTES.txt") {
            files.append(HelmRenderedFile(name: name, text: text.stringValue ?? ""))
        }
        return HelmRenderOutput(chartName: chartName, files: files.sorted { $0.name < $1.name })
    }

    /// The values the user supplied, merged in Helm's order.
    func userValues(_ request: HelmRenderRequest) throws(HelmLibraryError) -> JSONValue {
        var values = JSONValue.object(JSONObject())
        for (index, layer) in request.valueLayers.enumerated() {
            let parsed = try json(library.valuesFromYAML(layer), "values layer \(index + 1)")
            guard case .object = parsed else {
                throw HelmLibraryError("values layer \(index + 1) is a \(parsed.typeName), not a map of values")
            }
            values = Self.merged(values, parsed)
        }
        for kind in [HelmParameter.Kind.set, .string, .literal] {
            for parameter in request.parameters where parameter.kind == kind {
                let parsed: JSONValue
                do {
                    parsed = try json(library.parse(parameter.expression, as: kind), "parameter \(parameter.name)")
                } catch {
                    throw HelmLibraryError("parameter \(parameter.name): \(error.message)", code: error.code)
                }
                values = Self.merged(values, parsed)
            }
        }
        return values
    }

    /// Helm's `mergeMaps`: maps merge key by key; anything else in `overlay` replaces.
    static func merged(_ base: JSONValue, _ overlay: JSONValue) -> JSONValue {
        guard case .object(var result) = base, case .object(let top) = overlay else { return overlay }
        for (key, value) in top {
            if case .object = value, let existing = result[key], case .object = existing {
                result[key] = merged(existing, value)
            } else {
                result[key] = value
            }
        }
        return .object(result)
    }

    private func options(_ request: HelmRenderRequest) -> String {
        var options = JSONObject([
            ("name", JSONValue.string(request.releaseName)), ("namespace", .string(request.namespace)),
        ])
        if let kubeVersion = request.kubeVersion { options["kube_version"] = .string(kubeVersion) }
        if !request.apiVersions.isEmpty { options["api_versions"] = .array(request.apiVersions.map(JSONValue.string)) }
        return JSONWriter.compact(.object(options))
    }

    private func json(_ text: String, _ what: String) throws(HelmLibraryError) -> JSONValue {
        do {
            return try JSONReader.parse(text)
        } catch {
            throw HelmLibraryError("the Helm library answered \(what) with JSON that does not parse: \(error)")
        }
    }
}
