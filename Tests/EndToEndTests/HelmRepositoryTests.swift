import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// Charts from a Helm repository served over HTTPS on loopback, and a multi-source
/// Application taking its values from a Git `ref` source.
@Suite("Helm repositories over HTTPS, end to end")
struct HelmRepositoryTests {
    static func chart(_ version: String) -> [String: String] {
        [
            "Chart.yaml": "apiVersion: v2\nname: web\nversion: \(version)\n",
            "values.yaml": "replicas: 1\n",
            "templates/deployment.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}
              labels: {chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}}
            spec:
              replicas: {{ .Values.replicas }}
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: nginx}]

            """,
        ]
    }

    static func fleet(_ url: String, version: String) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: web}
        spec:
          project: default
          sources:
          - repoURL: \(url)
            chart: web
            targetRevision: '\(version)'
            helm:
              valueFiles: [$values/envs/c1/web.yaml]
          - repoURL: gitops/repo
            targetRevision: main
            ref: values
          destination: {name: c1, namespace: web}
          syncPolicy: {syncOptions: [CreateNamespace=true]}
        """
    }

    @Test(
        "1.2.* resolves to the highest 1.2 release, values from a ref source, unknown versions named; oci:// pulls ~1.3"
    )
    func chartFromRepository() async throws {
        let server = try await HelmRepositoryServer.start([
            "web": ["1.2.0": Self.chart("1.2.0"), "1.2.5": Self.chart("1.2.5"), "1.3.0": Self.chart("1.3.0")]
        ])
        try await FleetHarness.with(["c1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["c1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["envs/c1/web.yaml": "replicas: 2\n"], in: session)
            defer { repo.folder.remove() }
            let trust = ["SSL_CERT_FILE": server.caFile]

            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet(server.url, version: "1.2.*"))
            let sync = try await session.run(["sync", fleetFile], environment: trust)
            #expect(sync.status == 0, "\(sync.standardOutput)\(sync.standardError)")
            let deployment = try await FleetHarness.kubectl(
                kubeconfig, context: "c1", in: session,
                ["get", "deployment", "web", "-n", "web", "-o", "jsonpath={.metadata.labels.chart} {.spec.replicas}"])
            #expect(deployment.standardOutput == "web-1.2.5 2", "\(deployment.standardError)")
            let archives = try FileManager.default.subpathsOfDirectory(atPath: session.home + "/repos/helm")
            #expect(archives.contains { $0.hasSuffix("/web-1.2.5.tgz") }, "\(archives)")
            #expect(archives.contains { $0.hasSuffix("/index.yaml") }, "\(archives)")

            try session.folder.write("fleet.yaml", Self.fleet(server.url, version: "2.0.0"))
            let unknown = try await session.run(["sync", fleetFile], environment: trust)
            let output = unknown.standardOutput + unknown.standardError
            #expect(unknown.status == 1, "\(output)")
            #expect(
                output.contains(
                    "chart \"web\" has no version matching \"2.0.0\" in \(server.url) (there are: 1.3.0, 1.2.5, 1.2.0)"),
                "\(output)")

            let untrusted = try await session.run([
                "sync",
                try session.folder.write(
                    "fleet.yaml", Self.fleet(server.url, version: "1.2.*")),
            ])
            #expect(untrusted.status == 1, "a server whose CA is not trusted is refused")

            try session.folder.write("fleet.yaml", Self.fleet(server.registry, version: "~1.3"))
            let oci = try await session.run(["sync", fleetFile], environment: trust)
            #expect(oci.status == 0, "\(oci.standardOutput)\(oci.standardError)")
            let pulled = try await FleetHarness.kubectl(
                kubeconfig, context: "c1", in: session,
                ["get", "deployment", "web", "-n", "web", "-o", "jsonpath={.metadata.labels.chart} {.spec.replicas}"])
            #expect(pulled.standardOutput == "web-1.3.0 2", "\(pulled.standardError)")
            try session.folder.write("fleet.yaml", Self.fleet(server.registry, version: "9.*"))
            let missing = try await session.run(["sync", fleetFile], environment: trust)
            let said = missing.standardOutput + missing.standardError
            #expect(missing.status == 1, "\(said)")
            #expect(said.contains("could not locate a version matching provided version string 9.*"), "\(said)")
            #expect(said.contains("(there are: 1.3.0, 1.2.5, 1.2.0)"), "\(said)")
        }
        await server.stop()
    }
}
