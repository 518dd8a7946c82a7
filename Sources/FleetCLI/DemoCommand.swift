import ArgumentParser
import CurlTransport
import FleetModel
import Foundation
import KubeClient
import Sandbox

/// `flotilla demo`: the whole story on three in-process sandbox clusters, in a temporary
/// `FLOTILLA_HOME`: register, sync the example fleets, status, drift behind Flotilla's back,
/// diff, heal.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Flotilla end to end against three sandbox clusters (nothing to install, no network).",
        discussion: """
            The example fleets' Git repositories (https://git.example.com/platform/…) are served \
            from local copies of demo/repos through git's insteadOf, so the fleet files are \
            synced exactly as written. Kustomize overlays are rendered with kubectl.
            """)

    @Option(help: ArgumentHelp("The fleet files to sync.", valueName: "path"))
    var fleet = "fleets"

    @Option(help: ArgumentHelp("The example repositories.", valueName: "folder"))
    var repositories = "demo/repos"

    /// The example clusters: name and labels, as the example fleets select them.
    static let clusters: [(name: String, labels: [String])] = [
        ("dev", ["env=dev", "region=eu"]),
        ("staging", ["env=staging", "region=eu"]),
        ("prod", ["env=production", "region=eu", "tier=critical"]),
    ]

    func run() async throws {
        for path in [fleet, repositories] where !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure("\(path) not found: run flotilla demo from the repository root")
        }
        let home = NSTemporaryDirectory() + "flotilla-demo-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        setenv("FLOTILLA_HOME", home, 1)
        unsetenv("FLOTILLA_KEY")
        defer { try? FileManager.default.removeItem(atPath: home) }
        say("Serving the example fleets' Git repositories from \(repositories) (git insteadOf)")
        try await DemoRepositories.serve(from: repositories, in: home + "/git")
        let names = Self.clusters.map(\.name)
        say("Starting sandbox clusters \(names.joined(separator: ", ")) (in this process)")
        let sandboxes = try await SandboxFleet.start(names: names)
        defer { Task { await sandboxes.stop() } }
        let kubeconfig = home + "/sandbox.kubeconfig"
        try Data(sandboxes.kubeconfig(includingViewers: false).utf8).write(to: URL(fileURLWithPath: kubeconfig))
        await flotilla(["cluster", "add", "--kubeconfig", kubeconfig, "--all-contexts"])
        for cluster in Self.clusters {
            await flotilla(["cluster", "label", cluster.name] + cluster.labels)
        }
        await flotilla(["cluster", "list"])
        await flotilla(["sync", fleet])
        await flotilla(["status"])
        say(
            "Someone scales web-app on prod by hand: kubectl --context prod scale -n web-app deployment/web-app --replicas=9"
        )
        try await scaleBehindOurBack(sandboxes.members[2])
        await flotilla(["diff", fleet, "-l", "env=production"])
        await flotilla(["status", "--refresh", fleet])
        say("Healing the drift: syncing the fleet again")
        await flotilla(["sync", fleet])
        await flotilla(["status"])
        say("Done. Everything ran in \(home), now removed.")
        await sandboxes.stop()
    }

    private func say(_ text: String) {
        Terminal.standardOutput.write("\n## \(text)\n")
    }

    /// Runs `flotilla arguments…` in this process, printing the command and its output.
    private func flotilla(_ arguments: [String]) async {
        Terminal.standardOutput.write("\n$ flotilla \(arguments.joined(separator: " "))\n")
        do {
            try await CommandRunner.run(arguments)
        } catch let failure as CommandFailure {
            Terminal.standardOutput.write("error: \(failure.message)\n")
        } catch {
            let code = FlotillaCommand.exitCode(for: error)
            if code != .success { Terminal.standardOutput.write("(exit \(code.rawValue))\n") }
        }
        Terminal.standardOutput.flush()
    }

    private func scaleBehindOurBack(_ member: SandboxFleet.Member) async throws {
        let client = KubeClient(
            transport: CurlTransport(
                endpoint: ClusterEndpoint(
                    name: member.cluster.name, server: member.server.url,
                    certificateAuthority: Data(member.cluster.pki.caCertificatePEM.utf8),
                    credential: .token(member.adminToken))))
        let deployments = try await client.resource(apiVersion: "apps/v1", kind: "Deployment")
        _ = try await client.mergePatch(
            deployments, namespace: "web-app", name: "web-app", patch: ["spec": ["replicas": 9]], dryRun: false)
    }
}
