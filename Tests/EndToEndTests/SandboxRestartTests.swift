import FleetModel
import FleetTesting
import Foundation
import Testing

/// `flotilla sandbox --state` restarted: the clusters come back on their ports, and a cluster
/// registered again with `cluster add --replace` keeps what it was selected by (issue 21, item 7).
@Suite("flotilla sandbox --state restarts and cluster add --replace")
struct SandboxRestartTests {
    /// A fleet whose clusters generator picks `env: prod` clusters.
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: web}
        spec:
          generators:
          - clusters: {selector: {matchLabels: {env: prod}}}
          template:
            metadata: {name: 'web-<<name>>'}
            spec:
              source: {repoURL: https://git.example.com/web.git, path: web}
              destination: {name: '<<name>>', namespace: web}
        """

    @Test("the same ports after a restart; --replace keeps labels, annotations and project unless new ones are given")
    func restartKeepsPortsAndRegistration() async throws {
        let session = try FlotillaSession()
        defer { session.remove() }
        let state = session.folder.path + "/state"
        let first = try await sandbox(state: state, kubeconfig: session.folder.path + "/first.kubeconfig", session)
        let firstPorts = ports(first)
        #expect(firstPorts.count == 2, "\(first)")
        let firstConfig = session.folder.path + "/first.kubeconfig"
        let added = try await session.run([
            "cluster", "add", "--kubeconfig", firstConfig, "p1", "-l", "env=prod", "--annotation", "owner=shop",
            "--project", "shop",
        ])
        #expect(added.status == 0, "\(added.standardError)")

        let second = try await sandbox(state: state, kubeconfig: session.folder.path + "/second.kubeconfig", session)
        #expect(ports(second) == firstPorts, "restarted on the ports it had: \(first) then \(second)")

        let replaced = try await session.run([
            "cluster", "add", "--replace", "--kubeconfig", session.folder.path + "/second.kubeconfig", "p1",
        ])
        #expect(replaced.standardOutput == "cluster/p1 replaced\n", "\(replaced.standardError)")
        var record = try await cluster("p1", session)
        #expect(record?["labels"] == ["env": "prod"])
        #expect(record?["annotations"] == ["owner": "shop"])
        #expect(record?["project"] == "shop")
        let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
        let generated = try await session.run(["generate", fleetFile, "-o", "name"])
        #expect(generated.standardOutput == "application.argoproj.io/web-p1\n", "\(generated.standardError)")

        let relabelled = try await session.run([
            "cluster", "add", "--replace", "--kubeconfig", session.folder.path + "/second.kubeconfig", "p1", "-l",
            "env=dev",
        ])
        #expect(relabelled.status == 0)
        record = try await cluster("p1", session)
        #expect(record?["labels"] == ["env": "dev"], "new labels replace the old ones")
        #expect(record?["annotations"] == ["owner": "shop"])
        #expect(try await session.run(["generate", fleetFile, "-o", "name"]).standardOutput.isEmpty)
    }

    /// Runs `flotilla sandbox --names p1,p2 --state DIR` until its kubeconfig is written, then
    /// stops it with SIGINT (which saves the state); the kubeconfig's text.
    private func sandbox(state: String, kubeconfig: String, _ session: FlotillaSession) async throws -> String {
        let sandbox = BackgroundProcess.flotilla(
            ["sandbox", "--names", "p1,p2", "--state", state, "--kubeconfig", kubeconfig],
            environment: session.environment)
        var text: String?
        let patience = Date(timeIntervalSinceNow: 30)
        while text == nil, Date() < patience {
            if let written = try? String(contentsOfFile: kubeconfig, encoding: .utf8), written.contains("p2-viewer") {
                text = written
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        await sandbox.signal(SIGINT)
        _ = try await sandbox.result()
        return try #require(text, "flotilla sandbox wrote no kubeconfig within 30 s")
    }

    /// The servers' ports in a kubeconfig, in order.
    private func ports(_ kubeconfig: String) -> [String] {
        kubeconfig.split(separator: "\n").compactMap { line in
            line.range(of: "https://127.0.0.1:").map { String(line[$0.upperBound...]) }
        }
    }

    /// `cluster list -o json`'s item for `name`.
    private func cluster(_ name: String, _ session: FlotillaSession) async throws -> JSONValue? {
        let list = try JSONReader.parse(try await session.run(["cluster", "list", "-o", "json"]).standardOutput)
        return list["items"]?.arrayValue?.first { $0["name"] == .string(name) }
    }
}
