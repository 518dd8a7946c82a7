import FleetTesting
import Foundation
import HelmNative
import Testing

@testable import Reconcile

/// The `helm` command and the library render the same chart to the same manifests (runs
/// only where a `helm` command is on PATH; CI renders with the library alone).
@Suite struct HelmBackendAgreementTests {
    static let helmCommand = HelmLibraryLocator.firstExecutable(
        "helm", in: ProcessInfo.processInfo.environment["PATH"] ?? "")

    @Test(.enabled(if: helmCommand != nil, "no helm command on PATH"))
    func commandAndLibraryAgree() async throws {
        let chart = try TemporaryChart()
        let folder = try TemporaryFolder()
        defer { chart.remove(); folder.remove() }
        _ = try folder.write("banner.txt", "a,b")
        let request = HelmRenderRequest(
            chart: chart.path, valueLayers: ["replicas: 2\n", "labels: {team: shop}\n"],
            parameters: [
                HelmParameter(name: "labels.tier", value: "front", kind: .set),
                HelmParameter(name: "image.tag", value: "2", kind: .string),
                HelmParameter(name: "labels.banner", value: "a,b", kind: .literal),
            ], releaseName: "shop", namespace: "prod", kubeVersion: "v1.31.0", apiVersions: ["example.com/v1/Widget"])
        let path = try #require(Self.helmCommand)
        let command = try #require(await HelmCommandBackend.probe(path))
        let library = HelmLibraryBackend(library: HelmTools.libraryPath, worker: FlotillaProcess.binaryPath)
        let byCommand = try HelmManifests.manifests(of: try await command.render(request), location: "web")
        let byLibrary = try HelmManifests.manifests(of: try await library.render(request), location: "web")
        #expect(Set(byCommand.map(\.object)) == Set(byLibrary.map(\.object)))
        #expect(byCommand.count == byLibrary.count)
    }

    @Test func commandOutputSplitsBySource() {
        let output = """
            ---
            # Source: web/templates/a.yaml
            kind: A
            ---
            # Source: web/templates/b.yaml
            kind: B
            ---
            # Source: web/templates/a.yaml
            kind: A2

            """
        #expect(HelmCommandBackend.chartName(output) == "web")
        #expect(
            HelmCommandBackend.files(output) == [
                HelmRenderedFile(name: "web/templates/a.yaml", text: "kind: A\n\n---\nkind: A2\n\n"),
                HelmRenderedFile(name: "web/templates/b.yaml", text: "kind: B\n"),
            ])
    }
}
