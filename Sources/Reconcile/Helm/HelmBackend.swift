import HelmNative

/// Something that runs `helm template`: the `helm` command, or the Helm library.
public protocol HelmBackend: Sendable, CustomStringConvertible {
    /// Renders `request`; a failure's message is Helm's own (chart, template file and line).
    func render(_ request: HelmRenderRequest) async throws(ReconcileError) -> HelmRenderOutput
    /// Pulls `reference` (`oci://host/path/chart`) at the highest version `version` allows into
    /// the folder `destination`, as `<chart>-<version>.tgz`.
    func pull(_ reference: String, version: String, into destination: String) async throws(ReconcileError)
}
