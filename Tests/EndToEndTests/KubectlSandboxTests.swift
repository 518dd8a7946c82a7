import FleetTesting
import Foundation
import Sandbox
import Testing

/// Real `kubectl` against sandbox clusters: what a user scripts must work as on a
/// real API server, through a client-certificate context and a token context.
@Suite("kubectl against the sandbox", .serialized)
struct KubectlSandboxTests {
    static let app = Fixtures.folder() + "/kubectl-app"

    private func withFleet(_ body: (String, SandboxFleet) async throws -> Void) async throws {
        let fleet = try await SandboxFleet.start(names: ["certs", "tokens"])
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let kubeconfig = try folder.write("kubeconfig", fleet.kubeconfig())
        do {
            try await body(kubeconfig, fleet)
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
    }

    private func kubectl(
        _ kubeconfig: String, _ context: String, _ arguments: [String]
    ) async throws -> FlotillaProcess.Result {
        // A cache per kubeconfig: kubectl caches discovery by host:port, and ports are reused between tests.
        let cache = (kubeconfig as NSString).deletingLastPathComponent + "/kube-cache"
        return try await CommandLineTool.run(
            "kubectl", ["--kubeconfig", kubeconfig, "--context", context, "--cache-dir", cache] + arguments)
    }

    @Test("apply --server-side, get -o yaml, diff --server-side, wait and delete -f", arguments: ["certs", "tokens"])
    func lifecycle(context: String) async throws {
        try await withFleet { kubeconfig, _ in
            let crd = try await kubectl(
                kubeconfig, context, ["apply", "--server-side", "-f", Self.app + "/01-crd.yaml"])
            #expect(crd.status == 0, "\(crd.standardError) \(crd.standardOutput)")
            let apply = try await kubectl(kubeconfig, context, ["apply", "--server-side", "-f", Self.app])
            #expect(apply.status == 0, "\(apply.standardError)")
            #expect(apply.standardOutput.contains("deployment.apps/web serverside-applied"))
            #expect(apply.standardOutput.contains("widget.example.com/w1 serverside-applied"))
            let yaml = try await kubectl(
                kubeconfig, context, ["get", "-n", "shop", "deployment", "web", "-o", "yaml", "--show-managed-fields"])
            #expect(yaml.standardOutput.contains("imagePullPolicy: IfNotPresent"))
            #expect(yaml.standardOutput.contains("manager: kubectl"))
            let widget = try await kubectl(
                kubeconfig, context, ["get", "-n", "shop", "wd", "w1", "-o", "jsonpath={.spec.size}"])
            #expect(widget.standardOutput == "3", "\(widget.standardError)")
            // Settled first: the sandbox's controller writes the Deployment's status shortly after the
            // apply, and a status written between kubectl's read and its dry run is a difference.
            let settled = try await kubectl(
                kubeconfig, context,
                ["wait", "--for=condition=Available", "-n", "shop", "deployment/web", "--timeout=60s"])
            #expect(settled.status == 0, "\(settled.standardError)")
            let unchanged = try await kubectl(kubeconfig, context, ["diff", "--server-side", "-f", Self.app])
            #expect(unchanged.status == 0, "\(unchanged.standardOutput)\(unchanged.standardError)")
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let changed = try String(contentsOfFile: Self.app + "/02-app.yaml", encoding: .utf8)
                .replacingOccurrences(of: "replicas: 2", with: "replicas: 4")
            let file = try folder.write("02-app.yaml", changed)
            let diff = try await kubectl(kubeconfig, context, ["diff", "--server-side", "-f", file])
            #expect(diff.status == 1, "\(diff.standardError)")
            #expect(diff.standardOutput.contains("+  replicas: 4"))
            let typo = try folder.write(
                "typo.yaml", changed.replacingOccurrences(of: "replicas: 4", with: "replica: 4"))
            let strict = try await kubectl(kubeconfig, context, ["apply", "--server-side", "-f", typo])
            #expect(strict.status == 1, "an unknown field fails kubectl's apply")
            #expect(
                strict.standardError.contains(".spec.replica: field not declared in schema"), "\(strict.standardError)")
            let configMap = try folder.write(
                "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo, namespace: shop}\ndatta: {a: b}\n")
            let created = try await kubectl(
                kubeconfig, context, ["create", "-f", configMap, "--dry-run=server", "--validate=warn"])
            #expect(created.status == 0, "\(created.standardError)")
            #expect(created.standardError.contains("unknown field \"datta\""), "\(created.standardError)")
            let wait = try await kubectl(
                kubeconfig, context,
                ["wait", "--for=condition=Available", "-n", "shop", "deployment/web", "--timeout=20s"])
            #expect(wait.status == 0, "\(wait.standardError)")
            #expect(wait.standardOutput.contains("condition met"))
            let delete = try await kubectl(kubeconfig, context, ["delete", "-f", Self.app])
            #expect(delete.status == 0, "\(delete.standardOutput)\(delete.standardError)")
            // The namespace controller removes it after a while (seconds, as a real one).
            let gone = try await kubectl(
                kubeconfig, context, ["wait", "--for=delete", "namespace/shop", "--timeout=60s"])
            #expect(gone.status == 0, "\(gone.standardError)")
        }
    }

    @Test("the read-only user is refused every write with a Forbidden status", arguments: ["certs", "tokens"])
    func readOnly(context: String) async throws {
        try await withFleet { kubeconfig, _ in
            let viewer = "\(context)-viewer"
            let namespaces = try await kubectl(kubeconfig, viewer, ["get", "namespaces"])
            #expect(namespaces.status == 0)
            for arguments in [
                ["apply", "--server-side", "-f", Self.app + "/00-ns.yaml"], ["create", "configmap", "x"],
                ["delete", "namespace", "default"], ["label", "namespace", "default", "a=b"],
            ] {
                let result = try await kubectl(kubeconfig, viewer, arguments)
                #expect(result.status == 1, "\(arguments)")
                #expect(
                    result.standardError.contains("is forbidden: User \"viewer\" cannot"),
                    "\(arguments): \(result.standardError)")
            }
        }
    }

    @Test(
        "kubectl negotiates HTTP/2 in ALPN, as with kube-apiserver, and authenticates on its streams",
        arguments: ["certs", "tokens"])
    func http2(context: String) async throws {
        try await withFleet { kubeconfig, fleet in
            let apply = try await kubectl(
                kubeconfig, context,
                ["apply", "--server-side", "-f", Self.app + "/00-ns.yaml", "-f", Self.app + "/02-app.yaml"])
            #expect(apply.status == 0, "\(apply.standardError)")
            let get = try await kubectl(kubeconfig, context, ["get", "-n", "shop", "deployment", "web", "-o", "name"])
            #expect(get.standardOutput == "deployment.apps/web\n", "\(get.standardError)")
            guard let member = fleet.members.first(where: { $0.server.cluster.name == context }) else {
                Issue.record("no cluster \(context)")
                return
            }
            let statistics = await member.cluster.currentStatistics()
            #expect(statistics.connections >= 2, "one per kubectl run at least")
            #expect(statistics.http2Connections == statistics.connections, "\(statistics)")
        }
    }

    @Test("flotilla sandbox serves until interrupted and writes a kubeconfig kubectl uses")
    func sandboxCommand() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sandbox = BackgroundProcess.flotilla(
            ["sandbox", "--names", "alpha,beta,gamma", "--kubeconfig", folder.path + "/kc"])
        var ready = false
        for _ in 0..<100 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            ready = FileManager.default.fileExists(atPath: folder.path + "/kc")
        }
        #expect(ready)
        let cache = ["--cache-dir", folder.path + "/kube-cache"]
        let contexts = try await CommandLineTool.run(
            "kubectl", cache + ["--kubeconfig", folder.path + "/kc", "config", "get-contexts", "-o", "name"])
        #expect(
            contexts.standardOutput.split(separator: "\n").sorted() == [
                "alpha", "alpha-viewer", "beta", "beta-viewer", "gamma", "gamma-viewer",
            ])
        for context in ["alpha", "beta", "gamma"] {
            let namespaces = try await CommandLineTool.run(
                "kubectl",
                cache + [
                    "--kubeconfig", folder.path + "/kc", "--context", context, "get", "ns", "default", "-o", "name",
                ])
            #expect(namespaces.standardOutput == "namespace/default\n", "\(context): \(namespaces.standardError)")
        }
        await sandbox.signal(SIGINT)
        #expect(try await sandbox.result().status == 0)
    }
}
