import FleetModel

/// What one Helm source's render depends on beyond the chart: the Application's `helm`
/// options, the release it makes, the destination's capabilities, and the trees of its
/// `ref` sources (for `$ref/…` value files).
public struct HelmSourceContext: Sendable {
    /// The source's `helm` block.
    public var options: HelmOptions
    /// `.Release.Name`: `helm.releaseName`, else the Application's name.
    public var releaseName: String
    /// `.Release.Namespace`: `helm.namespace`, else the destination's namespace, else `default`.
    public var namespace: String
    /// The destination's capabilities, with the options' overrides applied.
    public var capabilities: HelmCapabilities
    /// `ref` name → the folder its repository is unpacked in.
    public var references: [String: String]
    /// Where errors say the options are: `Application web: spec.source.helm`.
    public var place: String

    /// A context.
    public init(
        options: HelmOptions, releaseName: String, namespace: String, capabilities: HelmCapabilities,
        references: [String: String] = [:], place: String
    ) {
        self.options = options
        self.releaseName = releaseName
        self.namespace = namespace
        self.capabilities = capabilities.overridden(by: options)
        self.references = references
        self.place = place
    }

    /// What identifies this context in a render cache, references aside (their contents are
    /// read into the values).
    var key: String {
        JSONWriter.compact(options.written) + "\n\(releaseName)\n\(namespace)\n\(capabilities.kubeVersion ?? "")\n"
            + capabilities.apiVersions.joined(separator: ",")
    }
}
