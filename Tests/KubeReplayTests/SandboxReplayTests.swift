import CurlTransport
import Foundation
import KubeClient
import KubeReplay
import Sandbox
import Testing

/// Every transcript, replayed against a sandbox served over TLS: each step answers as the
/// real kube-apiserver did, but for the documented exceptions.
@Suite struct SandboxReplayTests {
    @Test(arguments: TranscriptFiles.scenarios)
    func theSandboxAnswersAsTheRecordedServer(scenario: String) async throws {
        // Controllers never act during a replay: their timing is not part of the recordings.
        let fleet = try await SandboxFleet.start(
            names: ["replay"], options: SandboxOptions(rolloutDelay: .seconds(3600)))
        let member = fleet.members[0]
        let endpoint = ClusterEndpoint(
            name: "replay", server: member.server.url,
            certificateAuthority: Data(member.cluster.pki.caCertificatePEM.utf8),
            credential: .token(member.adminToken))
        let replayer = TranscriptReplayer(
            transport: CurlTransport(endpoint: endpoint), exceptions: ReplayException.documented)
        let transcript = try TranscriptFiles.load(scenario)
        let outcomes: [StepOutcome]
        do {
            outcomes = try await replayer.replay(transcript)
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
        for outcome in outcomes where !outcome.matches {
            Issue.record("\(outcome.report)")
        }
        #expect(outcomes.count == transcript.steps.count)
        // An exception nothing needs any more is dropped, not kept "just in case".
        let used = outcomes.flatMap { $0.excused.map(\.exception) }
        for exception in ReplayException.documented where exception.scenario == scenario {
            #expect(
                used.contains(exception), "unused exception: \(exception.reason) at steps \(exception.steps.sorted())")
        }
    }
}
