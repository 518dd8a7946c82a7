import ArgumentParser
import CurlTransport
import FleetModel
import Foundation
import KubeClient
import Sandbox

/// `flotilla demo`: the whole story on three in-process sandbox clusters, in a temporary
/// `FLOTILLA_HOME`: register, sync, status, drift behind Flotilla's back, diff, heal.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Flotilla end to end against three sandbox clusters (nothing to install, no network).")

    @Option(help: ArgumentHelp("The fleet file to sync.", valueName: "file"))
    var fleet = "demo/fleet.yaml"

    func run() async throws {
        guard FileManager.default.fileExists(atPath: fleet) else {
            throw CommandFailure("\(fleet) not found: run flotilla demo from the repository root, or pass --fleet")
        }
        let home = NSTemporaryDirectory() + "flotilla-demo-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        setenv("FLOTILLA_HOME", home, 1)
        unsetenv("FLOTILLA_KEY")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let names = ["dev", "staging", "prod"]
        say("Starting sandbox clusters \(names.joined(separator: ", ")) (in this process)")
        let sandboxes = try await SandboxFleet.start(names: names)
        defer { Task { await sandboxes.stop() } }
        let kubeconfig = home + "/sandbox.kubeconfig"
        try Data(sandboxes.kubeconfig().utf8).write(to: URL(fileURLWithPath: kubeconfig))
        for name in names {
            await flotilla(["cluster", "add", "--kubeconfig", kubeconfig, name, "-l", "env=\(name)"])
        }
        await flotilla(["cluster", "list"])
        await flotilla(["sync", fleet])
        await flotilla(["status"])
        say("Someone scales web on prod by hand: kubectl --context prod scale -n web deployment/web --replicas=5")
        try await scaleBehindOurBack(sandboxes.members[2])
        await flotilla(["diff", fleet, "-l", "env=prod"])
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
            deployments, namespace: "web", name: "web", patch: ["spec": ["replicas": 5]], dryRun: false)
    }
}
