/// Everything one `helm template` needs, the same for both backends: the chart, the user's
/// values in Helm's order, the release, and the destination cluster's capabilities.
public struct HelmRenderRequest: Codable, Sendable, Equatable {
    /// The chart's folder.
    public var chart: String
    /// YAML values documents, lowest precedence first (`-f` files, then `values`/`valuesObject`).
    public var valueLayers: [String]
    /// `--set`, `--set-string` and file parameters, applied after the layers.
    public var parameters: [HelmParameter]
    /// `.Release.Name`.
    public var releaseName: String
    /// `.Release.Namespace`.
    public var namespace: String
    /// `.Capabilities.KubeVersion` (`v1.36.0`); nil for Helm's default.
    public var kubeVersion: String?
    /// `.Capabilities.APIVersions` beyond Helm's defaults (`apps/v1`, `apps/v1/Deployment`, …).
    public var apiVersions: [String]
    /// Whether the chart's `crds/` are part of the output (`--include-crds`, unless `skipCrds`).
    public var includeCrds: Bool

    /// A request.
    public init(
        chart: String, valueLayers: [String] = [], parameters: [HelmParameter] = [],
        releaseName: String, namespace: String, kubeVersion: String? = nil, apiVersions: [String] = [],
        includeCrds: Bool = true
    ) {
        self.chart = chart
        self.valueLayers = valueLayers
        self.parameters = parameters
        self.releaseName = releaseName
        self.namespace = namespace
        self.kubeVersion = kubeVersion
        self.apiVersions = apiVersions
        self.includeCrds = includeCrds
    }
}

/// One `helm.parameters` or `helm.fileParameters` entry.
public struct HelmParameter: Codable, Sendable, Hashable {
    /// How Helm reads the value.
    public enum Kind: String, Codable, Sendable {
        /// `--set`: typed (`true`, `3`), with lists `{a,b}` and commas splitting.
        case set
        /// `--set-string` (`forceString: true`).
        case string
        /// `--set-literal`: the text as it is (a file parameter's contents).
        case literal
    }

    /// The value's path, `image.tag`.
    public var name: String
    /// The value (a file parameter: the file's contents).
    public var value: String
    /// How it is read.
    public var kind: Kind

    /// A parameter.
    public init(name: String, value: String, kind: Kind) {
        self.name = name
        self.value = value
        self.kind = kind
    }

    /// `name=value`, as given to `--set`.
    public var expression: String { "\(name)=\(value)" }
}

/// What a render produced: the chart's name, and each rendered file in path order.
public struct HelmRenderOutput: Codable, Sendable, Equatable {
    /// `Chart.yaml`'s `name`.
    public var chartName: String
    /// Rendered templates (and CRD files), `web/templates/deployment.yaml` → YAML text.
    public var files: [HelmRenderedFile]

    /// An output.
    public init(chartName: String, files: [HelmRenderedFile]) {
        self.chartName = chartName
        self.files = files
    }
}

/// One rendered file.
public struct HelmRenderedFile: Codable, Sendable, Equatable {
    /// Its path inside the chart, `web/templates/deployment.yaml`.
    public var name: String
    /// Its YAML text (possibly several documents, possibly empty).
    public var text: String

    /// A file.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}
