import FleetModel
import FleetTesting
import Foundation
import Testing

@testable import HelmNative

/// The library backend's core, in this process: values merged as `helm template` merges
/// them, capabilities, CRDs and Helm's own errors.
@Suite struct HelmRenderJobTests {
    private func render(_ request: (String) -> HelmRenderRequest) throws -> (HelmRenderOutput, TemporaryChart) {
        let chart = try TemporaryChart()
        return (try HelmRenderJob(library: try HelmTools.library()).run(request(chart.path)), chart)
    }

    @Test func rendersTemplatesWithLayersThenParameters() throws {
        let (output, chart) = try render { path in
            HelmRenderRequest(
                chart: path, valueLayers: ["replicas: 2\nimage: {tag: '1.28'}\n", "replicas: 3\n"],
                parameters: [
                    HelmParameter(name: "labels.tier", value: "front", kind: .set),
                    HelmParameter(name: "labels.version", value: "2", kind: .string),
                    HelmParameter(name: "labels.note", value: "a,b=c", kind: .literal),
                ], releaseName: "shop", namespace: "prod")
        }
        defer { chart.remove() }
        #expect(output.chartName == "web")
        let deployment = try #require(output.files.first { $0.name == "web/templates/deployment.yaml" })
        #expect(deployment.text.contains("name: shop-web"))
        #expect(deployment.text.contains("replicas: 3"))
        #expect(deployment.text.contains("image: \"nginx:1.28\""))
        #expect(deployment.text.contains("tier: \"front\""))
        #expect(deployment.text.contains("version: \"2\""))
        #expect(deployment.text.contains("note: \"a,b=c\""))
        #expect(!output.files.contains { $0.name.hasSuffix("NOTES.txt") || $0.name.hasSuffix(".tpl") })
    }

    @Test func capabilitiesComeFromTheRequest() throws {
        let (output, chart) = try render { path in
            HelmRenderRequest(
                chart: path, releaseName: "shop", namespace: "prod", kubeVersion: "v1.31.4",
                apiVersions: ["example.com/v1", "example.com/v1/Widget"])
        }
        defer { chart.remove() }
        let capabilities = try #require(output.files.first { $0.name == "web/templates/capabilities.yaml" })
        #expect(capabilities.text.contains("kubeVersion: \"v1.31.4\""))
        #expect(capabilities.text.contains("hasWidgets: \"true\""))
        #expect(capabilities.text.contains("namespace: prod"))
    }

    @Test(arguments: [true, false]) func crdsOnlyWhenAsked(_ include: Bool) throws {
        let (output, chart) = try render { path in
            HelmRenderRequest(chart: path, releaseName: "shop", namespace: "prod", includeCrds: include)
        }
        defer { chart.remove() }
        #expect(output.files.contains { $0.name == "web/crds/widgets.yaml" } == include)
    }

    @Test func aTemplateErrorNamesTheTemplateFileAndLine() throws {
        let chart = try TemporaryChart(extra: [
            "templates/broken.yaml":
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ .Values.missing.deeper }}\n"
        ])
        defer { chart.remove() }
        let request = HelmRenderRequest(chart: chart.path, releaseName: "shop", namespace: "prod")
        let error = #expect(throws: HelmLibraryError.self) {
            try HelmRenderJob(library: try HelmTools.library()).run(request)
        }
        #expect(error?.message.contains("web/templates/broken.yaml:6:") == true)
        #expect(error?.message.contains("nil pointer") == true)
    }

    @Test func aValuesLayerThatIsNotAMapIsRefused() throws {
        let chart = try TemporaryChart()
        defer { chart.remove() }
        let request = HelmRenderRequest(
            chart: chart.path, valueLayers: ["- a\n- b\n"], releaseName: "x", namespace: "y")
        #expect(throws: HelmLibraryError.self) { try HelmRenderJob(library: try HelmTools.library()).run(request) }
    }

    @Test func mergingFollowsHelmsMergeMaps() {
        let base: JSONValue = ["a": ["b": 1, "c": 2], "list": [1, 2], "gone": "x"]
        let overlay: JSONValue = ["a": ["c": 3], "list": [3], "gone": .null]
        #expect(HelmRenderJob.merged(base, overlay) == ["a": ["b": 1, "c": 3], "list": [3], "gone": .null])
    }
}

/// The `web` chart written into a temporary folder, with `extra` files.
struct TemporaryChart {
    let folder: TemporaryFolder
    var path: String { folder.path }

    init(extra: [String: String] = [:]) throws {
        folder = try HelmTools.folder(HelmTools.webChart().merging(extra) { $1 })
    }

    func remove() { folder.remove() }
}
