import HelmNative

/// Something that runs `helm template`: the `helm` command, or the Helm library.
public protocol HelmBackend: Sendable, CustomStringConvertible {
    /// Renders `request`; a failure's message is Helm's own (chart, template file and line).
    func render(_ request: HelmRenderRequest) async throws(ReconcileError) -> HelmRenderOutput
    /// Pulls `reference` (`oci://host/path/chart`) at the highest version `version` allows into
    /// the folder `destination`, as `<chart>-<version>.tgz`, logged in to its registry as
    /// `access` says, with a registry configuration of its own in a private folder removed
    /// afterwards (never Helm's `~/.config/helm/registry`); no error repeats the password.
    func pull(
        _ reference: String, version: String, into destination: String, access: HelmRegistryAccess
    ) async throws(ReconcileError)
}
