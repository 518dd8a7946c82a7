import FleetModel
import FleetTesting
import Foundation
import HelmNative
import Testing

@testable import Reconcile

/// Charts in Git repositories and local folders, through `SourceRenderer`: value files
/// relative to the chart, parameters, the render cache, and a hostile repository's tricks.
@Suite struct HelmSourceTests {
    private static let capabilities = HelmCapabilities(kubeVersion: "v1.36.0", apiVersions: ["apps/v1"])

    private func renderer(_ cache: TemporaryFolder) -> SourceRenderer {
        SourceRenderer(
            cacheDirectory: cache.path,
            helm: HelmChartRenderer(
                using: HelmLibraryBackend(library: HelmTools.libraryPath, worker: FlotillaProcess.binaryPath)))
    }

    private func settings(_ helm: JSONValue, references: [String: String] = [:]) throws -> HelmSourceSettings {
        HelmSourceSettings(
            options: try HelmOptions(source: ["helm": helm], where: "Application web: spec.source.helm"),
            defaultReleaseName: "web", defaultNamespace: "shop", references: references,
            place: "Application web: spec.source.helm"
        ) { () async throws(ReconcileError) -> HelmCapabilities in Self.capabilities }
    }

    /// A repository holding the web chart under `charts/web` and `extra` files.
    private func repository(_ extra: [String: String] = [:]) async throws -> GitRepository {
        let repo = try await GitRepository()
        let files = HelmTools.webChart(under: "charts/web/").merging([
            "charts/web/values-staging.yaml": "replicas: 1\n",
            "charts/web/values-production.yaml": "replicas: 3\n",
        ]) { $1 }.merging(extra) { $1 }
        for (path, contents) in files { try repo.write(path, contents) }
        _ = try await repo.commit("web chart")
        return repo
    }

    private func replicas(_ rendered: RenderedSource) -> Int? {
        rendered.manifests.first { $0.object["kind"]?.stringValue == "Deployment" }?.object["spec"]?["replicas"]?
            .intValue
    }

    @Test func valueFilesPerEnvironmentGiveTheirReplicas() async throws {
        let repo = try await repository()
        let cache = try TemporaryFolder()
        defer { repo.folder.remove(); cache.remove() }
        let renderer = renderer(cache)
        let source = ApplicationSource(repoURL: repo.path, targetRevision: "main", path: "charts/web")
        let staging = try await renderer.render(
            source, helmSettings: try settings(["valueFiles": ["values-staging.yaml"]]))
        let production = try await renderer.render(
            source, helmSettings: try settings(["valueFiles": ["values-production.yaml"]]))
        #expect(replicas(staging) == 1)
        #expect(replicas(production) == 3)
        #expect(staging.revision?.count == 40)
        #expect(production.manifests.map(\.file).contains("web/crds/widgets.yaml"))
        #expect(
            production.manifests.first { $0.object["kind"]?.stringValue == "ConfigMap" }?.object["data"]?[
                "kubeVersion"] == "v1.36.0")
    }

    @Test func valuesParametersAndFileParametersWinInArgoCDsOrder() async throws {
        let repo = try await repository(["charts/web/config/banner.txt": "hello, world"])
        let cache = try TemporaryFolder()
        defer { repo.folder.remove(); cache.remove() }
        let rendered = try await renderer(cache).render(
            ApplicationSource(repoURL: repo.path, targetRevision: "main", path: "charts/web"),
            helmSettings: try settings([
                "valueFiles": ["values-production.yaml"], "values": "replicas: 5\nlabels: {team: shop}\n",
                "parameters": [
                    ["name": "labels.tier", "value": "front"],
                    ["name": "image.tag", "value": "2.0", "forceString": true],
                ],
                "fileParameters": [["name": "labels.banner", "path": "config/banner.txt"]],
                "releaseName": "store", "skipCrds": true,
            ]))
        let deployment = try #require(rendered.manifests.first { $0.object["kind"]?.stringValue == "Deployment" })
        #expect(deployment.object["metadata"]?["name"] == "store-web")
        #expect(deployment.object["spec"]?["replicas"] == 5)
        #expect(
            deployment.object["metadata"]?["labels"] == ["team": "shop", "tier": "front", "banner": "hello, world"])
        #expect(
            deployment.object["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first?["image"] == "nginx:2.0")
        #expect(!rendered.manifests.contains { $0.object["kind"]?.stringValue == "CustomResourceDefinition" })
    }

    @Test func aMissingValueFileIsAnErrorUnlessIgnored() async throws {
        let repo = try await repository()
        let cache = try TemporaryFolder()
        defer { repo.folder.remove(); cache.remove() }
        let source = ApplicationSource(repoURL: repo.path, targetRevision: "main", path: "charts/web")
        let error = await #expect(throws: ReconcileError.self) {
            try await renderer(cache).render(source, helmSettings: try settings(["valueFiles": ["values-qa.yaml"]]))
        }
        #expect(
            error?.message
                == "Application web: spec.source.helm.valueFiles[0] \"values-qa.yaml\": the file does not exist "
                + "(set ignoreMissingValueFiles to skip it)")
        let ignored = try await renderer(cache).render(
            source, helmSettings: try settings(["valueFiles": ["values-qa.yaml"], "ignoreMissingValueFiles": true]))
        #expect(replicas(ignored) == 1)
    }

    @Test(arguments: ["../../../../etc/passwd", "/etc/passwd", "https://169.254.169.254/latest/values.yaml"])
    func aValueFileOutsideTheRepositoryIsRefused(_ file: String) async throws {
        let repo = try await repository()
        let cache = try TemporaryFolder()
        defer { repo.folder.remove(); cache.remove() }
        let error = await #expect(throws: ReconcileError.self) {
            try await renderer(cache).render(
                ApplicationSource(repoURL: repo.path, targetRevision: "main", path: "charts/web"),
                helmSettings: try settings(["valueFiles": [.string(file)]]))
        }
        #expect(error?.message.hasPrefix("Application web: spec.source.helm.valueFiles[0] \"\(file)\": ") == true)
    }

    @Test func aChartWithALinkOutOfTheRepositoryIsRefused() async throws {
        let repo = try await repository()
        try FileManager.default.createSymbolicLink(
            atPath: repo.path + "/charts/web/files", withDestinationPath: "/etc")
        _ = try await repo.commit("a link to the host")
        let cache = try TemporaryFolder()
        defer { repo.folder.remove(); cache.remove() }
        let error = await #expect(throws: ReconcileError.self) {
            try await renderer(cache).render(
                ApplicationSource(repoURL: repo.path, targetRevision: "main", path: "charts/web"),
                helmSettings: try settings([:]))
        }
        #expect(error?.message.contains("charts/web/files: a symbolic link to outside the repository") == true)
    }

    @Test func aTemplateErrorNamesTheChartTemplateAndLine() async throws {
        let repo = try await repository([
            "charts/web/templates/broken.yaml": "kind: ConfigMap\ndata:\n  a: {{ .Values.database.host }}\n"
        ])
        let cache = try TemporaryFolder()
        defer { repo.folder.remove(); cache.remove() }
        let error = await #expect(throws: ReconcileError.self) {
            try await renderer(cache).render(
                ApplicationSource(repoURL: repo.path, targetRevision: "main", path: "charts/web"),
                helmSettings: try settings([:]))
        }
        let message = try #require(error?.message)
        #expect(message.hasPrefix("Helm chart charts/web in \(repo.path) at "))
        #expect(message.contains("web/templates/broken.yaml:3:"))
    }

    @Test func equalInputsRenderOnce() async throws {
        let repo = try await repository()
        let cache = try TemporaryFolder()
        defer { repo.folder.remove(); cache.remove() }
        let renderer = renderer(cache)
        let source = ApplicationSource(repoURL: repo.path, targetRevision: "main", path: "charts/web")
        for file in ["values-staging.yaml", "values-production.yaml", "values-staging.yaml", "values-staging.yaml"] {
            _ = try await renderer.render(source, helmSettings: try settings(["valueFiles": [.string(file)]]))
        }
        #expect(await renderer.helm.statistics.renders == 2)
        #expect(await renderer.helm.statistics.requests == 4)
    }

    @Test func theRenderCacheKeysOnChartValuesAndCapabilities() {
        let request = HelmRenderRequest(
            chart: "/a", valueLayers: ["replicas: 1\n"], releaseName: "web", namespace: "shop")
        let key = HelmChartRenderer.cacheKey(request, chartDigest: "tree-1")
        var otherValues = request
        otherValues.valueLayers = ["replicas: 2\n"]
        var otherCluster = request
        otherCluster.kubeVersion = "v1.30.0"
        var elsewhere = request
        elsewhere.chart = "/b"
        #expect(HelmChartRenderer.cacheKey(otherValues, chartDigest: "tree-1") != key)
        #expect(HelmChartRenderer.cacheKey(otherCluster, chartDigest: "tree-1") != key)
        #expect(HelmChartRenderer.cacheKey(request, chartDigest: "tree-2") != key)
        #expect(HelmChartRenderer.cacheKey(elsewhere, chartDigest: "tree-1") == key)
    }

    @Test func aLocalFolderChartRenders() async throws {
        let chart = try TemporaryChart()
        let cache = try TemporaryFolder()
        defer { chart.remove(); cache.remove() }
        let rendered = try await renderer(cache).render(
            ApplicationSource(repoURL: chart.path, path: "."), helmSettings: try settings(["values": "replicas: 7"]))
        #expect(replicas(rendered) == 7)
        #expect(rendered.revision == nil)
    }

    @Test func valueFilesFromARefSource() async throws {
        let chartRepo = try await repository()
        let values = try await GitRepository()
        try values.write("envs/production/web.yaml", "replicas: 6\n")
        _ = try await values.commit("values")
        let cache = try TemporaryFolder()
        defer { chartRepo.folder.remove(); values.folder.remove(); cache.remove() }
        let renderer = renderer(cache)
        let tree = try await renderer.referenceTree(
            of: ApplicationSource(repoURL: values.path, targetRevision: "main"), baseDirectory: nil)
        let rendered = try await renderer.render(
            ApplicationSource(repoURL: chartRepo.path, targetRevision: "main", path: "charts/web"),
            helmSettings: try settings(
                ["valueFiles": ["$values/envs/production/web.yaml"]], references: ["values": tree]))
        #expect(replicas(rendered) == 6)
        let error = await #expect(throws: ReconcileError.self) {
            try await renderer.render(
                ApplicationSource(repoURL: chartRepo.path, targetRevision: "main", path: "charts/web"),
                helmSettings: try settings(["valueFiles": ["$config/web.yaml"]], references: ["values": tree]))
        }
        #expect(error?.message.contains("no source has `ref: config` (there are $values)") == true)
    }
}
