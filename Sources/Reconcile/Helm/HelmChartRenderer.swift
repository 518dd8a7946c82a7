import Crypto
import FleetModel
import Foundation
import HelmNative

/// Renders Helm charts for a `SourceRenderer`: reads the values a source names, renders with
/// the process's Helm backend, and keeps each output by (chart digest, values digest,
/// cluster capabilities), so that a fleet renders a chart once per distinct input, not once
/// per target.
public struct HelmChartRenderer: Sendable {
    /// Gives the backend (asked on the first chart, so that a fleet without charts never looks for Helm).
    public let backend: @Sendable () async throws(ReconcileError) -> any HelmBackend
    /// Fetches Helm repositories' indexes and archives; nil where none may be reached.
    public let repositories: (any HelmRepositoryClient)?
    /// How many renders ran, and how many were answered from the cache.
    public let statistics = HelmRenderStatistics()
    private let outputs = Memo<[Manifest]>()

    /// A renderer using `backend` (the process's choice, `HelmBackendChoice.shared`, by
    /// default), fetching from Helm repositories with `repositories`.
    public init(
        backend: @escaping @Sendable () async throws(ReconcileError) -> any HelmBackend = {
            () async throws(ReconcileError) -> any HelmBackend in try await HelmBackendChoice.shared.backend()
        }, repositories: (any HelmRepositoryClient)? = nil
    ) {
        self.backend = backend
        self.repositories = repositories
    }

    /// A renderer using `backend` always.
    public init(using backend: any HelmBackend, repositories: (any HelmRepositoryClient)? = nil) {
        self.init(
            backend: { () async throws(ReconcileError) -> any HelmBackend in backend }, repositories: repositories)
    }

    /// The manifests of the chart at `chartPath` in `root` (a folder or an unpacked repository,
    /// already checked for links and size); `chartDigest` identifies its contents; `chartName`
    /// and `location` say where it is in errors.
    func render(
        chartPath: String, in root: String, chartDigest: String, location: String, context: HelmSourceContext,
        limits: RenderLimits
    ) async throws(ReconcileError) -> [Manifest] {
        let inputs = try HelmValueInputs(context: context, root: root, chartPath: chartPath, limits: limits)
        let request = HelmRenderRequest(
            chart: chartPath == "." ? root : root + "/" + chartPath, valueLayers: inputs.layers,
            parameters: inputs.parameters, releaseName: context.releaseName, namespace: context.namespace,
            kubeVersion: context.capabilities.kubeVersion, apiVersions: context.capabilities.apiVersions,
            includeCrds: !context.options.skipCrds)
        return try await render(request, chartDigest: chartDigest, location: location)
    }

    /// Renders `request`, or answers it from the cache.
    func render(
        _ request: HelmRenderRequest, chartDigest: String, location: String
    ) async throws(ReconcileError) -> [Manifest] {
        let key = Self.cacheKey(request, chartDigest: chartDigest)
        let statistics = statistics
        let backend = backend
        return try await outputs.value(key) { () async throws(ReconcileError) -> [Manifest] in
            let chosen = try await backend()
            let clock = ContinuousClock()
            let start = clock.now
            let output: HelmRenderOutput
            do throws(ReconcileError) {
                output = try await chosen.render(request)
                await statistics.rendered(in: clock.now - start)
            } catch {
                await statistics.rendered(in: clock.now - start)
                // Helm breaks its messages over lines; a status message is one line.
                let message = error.message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                throw ReconcileError("Helm chart \(location): \(message.joined(separator: " "))")
            }
            return try HelmManifests.manifests(of: output, location: location)
        }
    }

    /// SHA-256 of the chart's digest, the values, the release and the capabilities.
    static func cacheKey(_ request: HelmRenderRequest, chartDigest: String) -> String {
        var hash = SHA256()
        func add(_ text: String) {
            hash.update(data: Data(text.utf8))
            hash.update(data: Data([0]))
        }
        add(chartDigest)
        for layer in request.valueLayers { add("layer"); add(layer) }
        for parameter in request.parameters { add(parameter.kind.rawValue); add(parameter.name); add(parameter.value) }
        add(request.releaseName)
        add(request.namespace)
        add(request.includeCrds ? "crds" : "no-crds")
        add(request.kubeVersion ?? "")
        for apiVersion in request.apiVersions { add(apiVersion) }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Counts a renderer's Helm renders: asked for, actually run, and the time they took.
public actor HelmRenderStatistics {
    /// Renders asked for (one per target and chart source).
    public private(set) var requests = 0
    /// Renders the backend ran.
    public private(set) var renders = 0
    /// Their total time.
    public private(set) var renderTime = Duration.zero

    /// Counts one target's chart source.
    func asked() { requests += 1 }

    func rendered(in duration: Duration) {
        renders += 1
        renderTime += duration
    }

    /// `helm: 10 renders for 1000 chart sources (4.20s rendering)`, or nil when nothing asked for Helm.
    public func summary() -> String? {
        guard requests > 0 else { return nil }
        let seconds = Double(renderTime.components.seconds) + Double(renderTime.components.attoseconds) / 1e18
        return
            "helm: \(renders) render\(renders == 1 ? "" : "s") for \(requests) chart source\(requests == 1 ? "" : "s")"
            + " (\(String(format: "%.2f", seconds))s rendering)"
    }
}
