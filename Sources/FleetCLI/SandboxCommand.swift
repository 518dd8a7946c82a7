import ArgumentParser
import Foundation
import Sandbox

/// `flotilla sandbox`: Kubernetes-API-compatible clusters on loopback, for demos and tests.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve sandbox Kubernetes clusters on loopback until interrupted.",
        discussion: """
            Each cluster gets its own CA, HTTPS port, admin credentials (a client certificate for the \
            first, third, … cluster, a bearer token for the others) and a read-only NAME-viewer context. \
            The kubeconfig is written to --kubeconfig (default ./sandbox.kubeconfig); real kubectl works \
            against it.
            """
    )

    @Option(help: "How many clusters (named sandbox-1, sandbox-2, …).")
    var clusters: Int?

    @Option(help: ArgumentHelp("Cluster names, comma-separated.", valueName: "a,b,c"))
    var names: String?

    @Option(help: ArgumentHelp("Where to write the kubeconfig.", valueName: "file"))
    var kubeconfig = "sandbox.kubeconfig"

    @Option(
        help: ArgumentHelp(
            "Keep the clusters' state and ports in this folder across restarts (default: in memory).",
            valueName: "dir"))
    var state: String?

    @Option(help: ArgumentHelp("Milliseconds added to every answer.", valueName: "ms"))
    var latency = 0

    @Option(help: ArgumentHelp("Fraction of requests answered with --error-status.", valueName: "0..1"))
    var errorRate = 0.0

    @Option(help: "500, 503, 403, or 429 (with Retry-After).")
    var errorStatus = 503

    func validate() throws {
        if clusters != nil, names != nil { throw ValidationError("use --clusters or --names, not both") }
        if let clusters, !(1...500).contains(clusters) { throw ValidationError("--clusters must be between 1 and 500") }
        if !(0...1).contains(errorRate) { throw ValidationError("--error-rate must be between 0 and 1") }
        if ![500, 503, 429, 403].contains(errorStatus) {
            throw ValidationError("--error-status must be 500, 503, 429 or 403")
        }
    }

    var clusterNames: [String] {
        if let names { return names.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        return (1...(clusters ?? 1)).map { "sandbox-\($0)" }
    }

    func run() async throws {
        let fleet: SandboxFleet
        do {
            let ports = SandboxPorts(stateDirectory: state)
            fleet = try await SandboxFleet.start(names: clusterNames, stateDirectory: state, ports: ports.saved())
            try ports.save(fleet)
            var faults = SandboxFaults()
            faults.latencyMilliseconds = latency
            faults.errorRate = errorRate
            faults.errorStatus = errorStatus
            for member in fleet.members { try await member.server.setFaults(faults) }
            let descriptor = open(kubeconfig, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            guard descriptor >= 0 else { throw CommandFailure("\(kubeconfig): cannot write the kubeconfig") }
            close(descriptor)
            try Data(fleet.kubeconfig().utf8).write(to: URL(fileURLWithPath: kubeconfig))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(error)
        }
        for member in fleet.members {
            Terminal.standardError.write("cluster \(member.cluster.name) at \(member.server.url)\n")
        }
        Terminal.standardError.write("kubeconfig written to \(kubeconfig); press Ctrl-C to stop\n")
        await SignalWaiter.waitForInterrupt()
        if let state {
            do {
                try await fleet.save(to: state)
            } catch {
                Terminal.standardError.write(
                    "error: \(state): cannot save the sandbox state: \(error.localizedDescription)\n")
            }
        }
        await fleet.stop()
    }
}

/// Waits for SIGINT or SIGTERM.
enum SignalWaiter {
    static func waitForInterrupt() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Interrupts.shared.listen { continuation.resume() }
        }
    }
}
