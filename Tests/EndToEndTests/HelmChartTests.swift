import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// A chart in a Git repository, one values file per environment, rendered by real Helm
/// (the library `make helm` installs, or a `helm` on PATH) and synced to sandbox clusters.
@Suite("Helm charts from Git, end to end")
struct HelmChartTests {
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: web}
        spec:
          generators:
          - clusters: {}
          template:
            metadata: {name: 'web-<<name>>'}
            spec:
              project: default
              source:
                repoURL: gitops/repo
                targetRevision: main
                path: charts/web
                helm:
                  releaseName: web
                  valueFiles: ['values-<<metadata.labels.env>>.yaml']
              destination: {name: '<<name>>', namespace: web}
              syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    static let chart: [String: String] = [
        "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
        "charts/web/values.yaml": "replicas: 1\nimage: nginx:1.27\n",
        "charts/web/values-staging.yaml": "replicas: 1\n",
        "charts/web/values-production.yaml": "replicas: 3\n",
        "charts/web/templates/deployment.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
          labels: {chart: {{ .Chart.Name }}-{{ .Chart.Version }}}
        spec:
          replicas: {{ .Values.replicas }}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: {{ .Values.image | quote }}}]

        """,
        "charts/web/templates/migrate.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-migrated
          annotations: {helm.sh/hook: pre-install, helm.sh/hook-delete-policy: before-hook-creation}
        data: {at: {{ .Release.Name | quote }}}

        """,
        "charts/web/templates/tests/ping.yaml": """
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{ .Release.Name }}-ping
          annotations: {helm.sh/hook: test}
        spec:
          containers: [{name: ping, image: busybox}]

        """,
    ]

    @Test(
        "staging and production values give their replicas; a value change is a diff of that field; a bad template applies nothing"
    )
    func seedLayout() async throws {
        let names = ["production-1", "staging-1"]
        try await FleetHarness.with(names, options: SandboxOptions(rolloutDelay: .milliseconds(50))) { fleet, session in
            let kubeconfig = try session.folder.write("kubeconfig", fleet.kubeconfig())
            for (name, env) in [("production-1", "production"), ("staging-1", "staging")] {
                let added = try await session.run([
                    "cluster", "add", "--kubeconfig", kubeconfig, name, "-l", "env=\(env)",
                ])
                #expect(added.status == 0, "\(added.standardError)")
            }
            let repo = try await FleetHarness.gitops(Self.chart, in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)

            let sync = try await session.run(["sync", fleetFile])
            #expect(sync.status == 0, "\(sync.standardOutput)\(sync.standardError)")
            #expect(sync.standardError.contains("helm: 2 renders for 2 chart sources"), "\(sync.standardError)")
            func replicas(_ context: String) async throws -> String {
                try await FleetHarness.kubectl(
                    kubeconfig, context: context, in: session,
                    ["get", "deployment", "web", "-n", "web", "-o", "jsonpath={.spec.replicas}"]
                ).standardOutput
            }
            #expect(try await replicas("production-1") == "3")
            #expect(try await replicas("staging-1") == "1")
            let hook = try await FleetHarness.kubectl(
                kubeconfig, context: "staging-1", in: session, ["get", "configmap", "web-migrated", "-n", "web"])
            #expect(hook.status == 0, "the pre-install hook ran as a PreSync hook: \(hook.standardError)")
            let test = try await FleetHarness.kubectl(
                kubeconfig, context: "staging-1", in: session, ["get", "pod", "web-ping", "-n", "web"])
            #expect(test.status != 0, "a test hook is never applied")

            try repo.write("charts/web/values-production.yaml", "replicas: 4\n")
            try await repo.commit("production: 4 replicas")
            let diff = try await session.run(["diff", fleetFile])
            let changed = diff.standardOutput.split(separator: "\n").filter {
                ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---")
            }
            #expect(changed == ["-  replicas: 3", "+  replicas: 4"], "\(diff.standardOutput)")
            #expect(!diff.standardOutput.contains("web-staging-1: OutOfSync"), "\(diff.standardOutput)")

            try repo.write("charts/web/templates/broken.yaml", "data:\n  host: {{ .Values.database.host }}\n")
            try await repo.commit("a template that cannot render")
            let broken = try await session.run(["sync", fleetFile])
            let output = broken.standardOutput + broken.standardError
            #expect(broken.status == 1, "\(output)")
            #expect(output.contains("Helm chart charts/web in "), "\(output)")
            #expect(output.contains("web/templates/broken.yaml:2:"), "\(output)")
            #expect(try await replicas("production-1") == "3", "nothing applied")
        }
    }
}
