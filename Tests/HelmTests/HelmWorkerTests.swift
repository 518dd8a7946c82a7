import FleetTesting
import Foundation
import HelmNative
import Reconcile
import Testing

/// The library backend as Flotilla runs it: in `flotilla helm-render` worker processes, each
/// bounded in time, memory and output, so that a hostile chart costs only its worker.
@Suite struct HelmWorkerTests {
    private func backend(
        deadline: Duration = .seconds(120), memoryLimit: Int = HelmWorkerLimits.defaultMemoryBytes,
        outputLimit: Int = 256 << 20
    ) -> HelmLibraryBackend {
        HelmLibraryBackend(
            library: HelmTools.libraryPath, worker: FlotillaProcess.binaryPath, deadline: deadline,
            memoryLimit: memoryLimit, outputLimit: outputLimit)
    }

    @Test func aWorkerRendersTheChart() async throws {
        let chart = try TemporaryChart()
        defer { chart.remove() }
        let output = try await backend().render(
            HelmRenderRequest(chart: chart.path, valueLayers: ["replicas: 4\n"], releaseName: "shop", namespace: "prod")
        )
        #expect(output.chartName == "web")
        #expect(
            output.files.map(\.name) == [
                "web/crds/widgets.yaml", "web/templates/capabilities.yaml", "web/templates/deployment.yaml",
            ])
        #expect(output.files[2].text.contains("replicas: 4"))
    }

    @Test func aTemplateErrorIsHelmsMessage() async throws {
        let chart = try TemporaryChart(extra: ["templates/broken.yaml": "a: {{ fail \"no database configured\" }}\n"])
        defer { chart.remove() }
        let error = await #expect(throws: ReconcileError.self) {
            try await backend().render(HelmRenderRequest(chart: chart.path, releaseName: "shop", namespace: "prod"))
        }
        #expect(error?.message.contains("web/templates/broken.yaml:1:") == true)
        #expect(error?.message.contains("no database configured") == true)
    }

    @Test func aChartThatAllocatesWithoutEndRunsOutOfMemoryInItsWorker() async throws {
        let chart = try TemporaryChart(extra: [
            "templates/bomb.yaml": """
            {{- $s := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }}
            {{- range until 40 }}{{ $s = printf "%s%s" $s $s }}{{ end }}
            a: {{ len $s }}

            """
        ])
        defer { chart.remove() }
        let error = await #expect(throws: ReconcileError.self) {
            try await backend(memoryLimit: 1 << 30).render(
                HelmRenderRequest(chart: chart.path, releaseName: "shop", namespace: "prod"))
        }
        #expect(error?.message.contains("ran out of memory") == true, "\(error?.message ?? "")")
    }

    @Test func aChartThatLoopsWithoutEndIsStoppedAtTheDeadline() async throws {
        let chart = try TemporaryChart(extra: [
            "templates/loop.yaml": "{{- range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}\n"
        ])
        defer { chart.remove() }
        let error = await #expect(throws: ReconcileError.self) {
            try await backend(deadline: .seconds(2)).render(
                HelmRenderRequest(chart: chart.path, releaseName: "shop", namespace: "prod"))
        }
        #expect(error?.message.contains("did not finish rendering within") == true)
    }

    @Test func outputPastTheLimitIsRefused() async throws {
        let chart = try TemporaryChart()
        defer { chart.remove() }
        let error = await #expect(throws: ReconcileError.self) {
            try await backend(outputLimit: 512).render(
                HelmRenderRequest(chart: chart.path, releaseName: "shop", namespace: "prod"))
        }
        #expect(error?.message.contains("more than 512 bytes") == true)
    }

    @Test func aFileThatIsNotTheLibraryIsNamed() async throws {
        let chart = try TemporaryChart()
        defer { chart.remove() }
        let error = await #expect(throws: ReconcileError.self) {
            try await HelmLibraryBackend(library: chart.path + "/Chart.yaml", worker: FlotillaProcess.binaryPath)
                .render(HelmRenderRequest(chart: chart.path, releaseName: "shop", namespace: "prod"))
        }
        #expect(error?.message.contains("cannot load the Helm library \(chart.path)/Chart.yaml") == true)
    }
}
