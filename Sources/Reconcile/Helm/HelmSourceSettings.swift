/// How a `SourceRenderer` renders a source that turns out to be a Helm chart: the
/// Application's `helm` options and defaults, its `ref` sources, and where to learn the
/// destination's capabilities (asked only when there is a chart).
public struct HelmSourceSettings: Sendable {
    /// The source's `helm` block.
    public var options: HelmOptions
    /// The release name when `helm.releaseName` is unset: the Application's name.
    public var defaultReleaseName: String
    /// The namespace when `helm.namespace` is unset: the destination's, else `default`.
    public var defaultNamespace: String
    /// `ref` name → folder of its unpacked repository.
    public var references: [String: String]
    /// Where errors say the options are: `Application web: spec.source.helm`.
    public var place: String
    /// The destination's capabilities.
    public var capabilities: @Sendable () async throws(ReconcileError) -> HelmCapabilities

    /// Settings.
    public init(
        options: HelmOptions, defaultReleaseName: String, defaultNamespace: String?,
        references: [String: String] = [:], place: String,
        capabilities: @escaping @Sendable () async throws(ReconcileError) -> HelmCapabilities
    ) {
        self.options = options
        self.defaultReleaseName = defaultReleaseName
        self.defaultNamespace = defaultNamespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        self.references = references
        self.place = place
        self.capabilities = capabilities
    }

    /// The context of one render, with the capabilities asked for now.
    func context() async throws(ReconcileError) -> HelmSourceContext {
        HelmSourceContext(
            options: options, releaseName: options.releaseName ?? defaultReleaseName,
            namespace: options.namespace ?? defaultNamespace, capabilities: try await capabilities(),
            references: references, place: place)
    }
}
