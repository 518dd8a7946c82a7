import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// What the server refuses is never reported in sync: an immutable selector, an invalid
/// object, an atomic selector someone added a key to — `diff`, `sync` and `status` against
/// sandbox clusters that answer as a real kube-apiserver does.
@Suite("Changes the server refuses")
struct RefusedChangeCommandTests {
    static func fleet(_ syncOptions: [String] = ["CreateNamespace=true"]) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: imm}
        spec:
          project: default
          source: {repoURL: gitops/repo, targetRevision: main, path: apps/imm}
          destination: {name: prod, namespace: edge-imm}
          syncPolicy: {syncOptions: [\(syncOptions.joined(separator: ", "))]}
        """
    }

    static func deployment(app: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 1
          selector: {matchLabels: {app: \(app)}}
          template:
            metadata: {labels: {app: \(app)}}
            spec:
              containers: [{name: web, image: 'nginx:1.27'}]
        """
    }

    static let service = """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80}]
        """

    static func kubectl(
        _ kubeconfig: String, _ session: FlotillaSession, _ arguments: [String]
    ) async throws
        -> FlotillaProcess.Result
    {
        try await FleetHarness.kubectl(kubeconfig, context: "prod", in: session, arguments)
    }

    @Test(
        "an immutable selector: diff exits 1 naming the field, sync fails with the server's message, status shows it; Force=true,Replace=true re-creates"
    )
    func immutableSelector() async throws {
        try await FleetHarness.with(["prod"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["prod"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["apps/imm/web.yaml": Self.deployment(app: "web")], in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet())
            let first = try await session.run(["sync", fleetFile, "--app", "imm"])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")

            try repo.write("apps/imm/web.yaml", Self.deployment(app: "web2"))
            try await repo.commit("new selector")
            let diff = try await session.run(["diff", fleetFile, "--app", "imm"])
            #expect(diff.status == 1, "\(diff.standardOutput)\(diff.standardError)")
            #expect(
                diff.standardError.contains("Deployment/edge-imm/web: cannot be applied: "), "\(diff.standardError)")
            #expect(diff.standardError.contains("spec.selector") && diff.standardError.contains("field is immutable"))

            let sync = try await session.run(["sync", fleetFile, "--app", "imm"])
            #expect(sync.status == 1, "\(sync.standardOutput)\(sync.standardError)")
            #expect(sync.standardOutput.contains("Deployment/edge-imm/web failed ("), "\(sync.standardOutput)")
            #expect(sync.standardOutput.contains("field is immutable"))
            #expect(!sync.standardOutput.contains("already synced"))

            let status = try await session.run(["status", "-o", "wide"])
            #expect(status.status == 1)
            let row = status.standardOutput.split(separator: "\n").first { $0.hasPrefix("imm ") } ?? ""
            #expect(row.contains("OutOfSync") && row.contains("field is immutable"), "\(status.standardOutput)")
            let json = try await session.run(["status", "-o", "json"])
            #expect(json.standardOutput.contains("field is immutable"))
            let history = try await session.run(["history", "imm"])
            #expect(history.standardOutput.contains("Failed"), "\(history.standardOutput)")

            try session.folder.write("fleet.yaml", Self.fleet(["CreateNamespace=true", "Force=true", "Replace=true"]))
            let forced = try await session.run(["sync", fleetFile, "--app", "imm"])
            #expect(forced.status == 0, "\(forced.standardOutput)\(forced.standardError)")
            #expect(forced.standardOutput.contains("Deployment/edge-imm/web replaced"))
            let selector = try await Self.kubectl(
                kubeconfig, session,
                ["get", "-n", "edge-imm", "deployment/web", "-o", "jsonpath={.spec.selector.matchLabels.app}"])
            #expect(selector.standardOutput == "web2", "\(selector.standardError)")
            #expect(try await session.run(["diff", fleetFile, "--app", "imm"]).status == 0)
        }
    }

    @Test("an invalid Deployment fails its sync naming the object and the field; what comes before it is applied")
    func invalidObject() async throws {
        try await FleetHarness.with(["prod"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["prod"], of: fleet, in: session)
            let broken = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: broken
                  annotations: {argocd.argoproj.io/sync-wave: '1'}
                spec:
                  selector: {matchLabels: {app: broken}}
                  template:
                    metadata: {labels: {app: broken}}
                    spec: {containers: []}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: first}
                data: {a: b}
                """
            let repo = try await FleetHarness.gitops(["apps/imm/all.yaml": broken], in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet())
            let sync = try await session.run(["sync", fleetFile, "--app", "imm"])
            #expect(sync.status == 1, "\(sync.standardOutput)\(sync.standardError)")
            #expect(sync.standardOutput.contains("ConfigMap/edge-imm/first created"), "\(sync.standardOutput)")
            #expect(sync.standardOutput.contains("Deployment/edge-imm/broken failed ("))
            #expect(sync.standardOutput.contains("spec.template.spec.containers: Required value"))
            let first = try await Self.kubectl(kubeconfig, session, ["get", "-n", "edge-imm", "configmap/first"])
            #expect(first.status == 0, "the object before it in the order stays applied: \(first.standardError)")
        }
    }

    @Test("a key added to a Service's selector behind Flotilla's back is drift, and a sync removes it")
    func atomicSelector() async throws {
        try await FleetHarness.with(["prod"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["prod"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["apps/imm/service.yaml": Self.service], in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet())
            #expect(try await session.run(["sync", fleetFile, "--app", "imm"]).status == 0)
            #expect(try await session.run(["diff", fleetFile, "--app", "imm"]).status == 0)

            let patch = try await Self.kubectl(
                kubeconfig, session,
                [
                    "patch", "-n", "edge-imm", "service/web", "--type", "merge", "-p",
                    #"{"spec":{"selector":{"tier":"x"}}}"#,
                ])
            #expect(patch.status == 0, "\(patch.standardError)")
            let drift = try await session.run(["diff", fleetFile, "--app", "imm"])
            #expect(drift.status == 1, "\(drift.standardOutput)\(drift.standardError)")
            #expect(drift.standardOutput.contains("-    tier: x"), "\(drift.standardOutput)")

            #expect(try await session.run(["sync", fleetFile, "--app", "imm"]).status == 0)
            let selector = try await Self.kubectl(
                kubeconfig, session, ["get", "-n", "edge-imm", "service/web", "-o", "jsonpath={.spec.selector}"])
            #expect(selector.standardOutput == #"{"app":"web"}"#, "\(selector.standardOutput)")
        }
    }

    @Test("a field the schema does not know fails the sync naming the field")
    func undeclaredField() async throws {
        try await FleetHarness.with(["prod"]) { fleet, session in
            try await FleetHarness.register(["prod"], of: fleet, in: session)
            let typo = Self.deployment(app: "web").replacingOccurrences(of: "  replicas: 1", with: "  replicaz: 1")
            let repo = try await FleetHarness.gitops(["apps/imm/web.yaml": typo], in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet())
            let sync = try await session.run(["sync", fleetFile, "--app", "imm"])
            #expect(sync.status == 1)
            #expect(
                sync.standardOutput.contains(".spec.replicaz: field not declared in schema"), "\(sync.standardOutput)")
        }
    }
}
