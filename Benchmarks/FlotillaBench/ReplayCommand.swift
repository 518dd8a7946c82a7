import ArgumentParser
import CurlTransport
import Foundation
import KubeConfig
import KubeReplay

/// `flotilla-bench replay`: sends recorded kube-apiserver transcripts to a cluster and says,
/// step by step, whether it answered as the recorded server did; exits 1 on any
/// difference the documented exceptions do not cover.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay kube-apiserver transcripts against one cluster.")

    @Option(help: "The kubeconfig file.") var kubeconfig: String
    @Option(help: "The context to use.") var context: String
    @Flag(help: "Report the documented exceptions as mismatches too.") var noExceptions = false
    @Argument(help: "Transcript files (JSON).") var transcripts: [String]

    func run() async throws {
        let resolved = try KubeConfigLoader.load(explicitPath: kubeconfig).resolve(context: context)
        let replayer = TranscriptReplayer(
            transport: CurlTransport(endpoint: ClusterEndpoint(context: resolved)),
            exceptions: noExceptions ? [] : ReplayException.documented)
        var mismatches = 0
        var steps = 0
        for path in transcripts {
            let outcomes = try await replayer.replay(try Transcript(contentsOf: path))
            for outcome in outcomes { print(outcome.report) }
            steps += outcomes.count
            mismatches += outcomes.filter { !$0.matches }.count
        }
        print("\(steps - mismatches)/\(steps) steps match")
        if mismatches > 0 { throw ExitCode.failure }
    }
}
