import CurlTransport
import FleetModel
import Foundation
import KubeClient
import KubeReplay
import Sandbox
import Testing

/// Every object the transcripts create by server-side apply, applied again unchanged, is left
/// exactly as it was: same resourceVersion, same managedFields (times included).
@Suite struct ReapplyTests {
    @Test(arguments: TranscriptFiles.scenarios)
    func anIdenticalReapplyChangesNothing(scenario: String) async throws {
        let transcript = try TranscriptFiles.load(scenario)
        let creations = transcript.steps.filter {
            $0.request.contentType == "application/apply-patch+yaml" && $0.response.status == 201
        }
        guard !creations.isEmpty else { return }
        let fleet = try await SandboxFleet.start(
            names: ["reapply"], options: SandboxOptions(rolloutDelay: .seconds(3600)))
        let member = fleet.members[0]
        let transport = CurlTransport(
            endpoint: ClusterEndpoint(
                name: "reapply", server: member.server.url,
                certificateAuthority: Data(member.cluster.pki.caCertificatePEM.utf8),
                credential: .token(member.adminToken)))
        do {
            let namespace: JSONValue = [
                "apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(transcript.namespace)],
            ]
            _ = try await transport.send(
                KubeRequest(
                    method: "POST", path: "/api/v1/namespaces", headers: ["Content-Type": "application/json"],
                    body: Array(JSONWriter.compact(namespace).utf8)))
            for step in creations {
                let request = step.request.kubeRequest(userAgent: TranscriptReplayer.recordingUserAgent)
                let first = try JSONReader.parse(try await transport.send(request).body)
                let again = try await transport.send(request)
                let second = try JSONReader.parse(again.body)
                #expect(again.status == 200, "\(scenario)#\(step.index)")
                #expect(
                    second["metadata"]?["resourceVersion"] == first["metadata"]?["resourceVersion"],
                    "\(scenario)#\(step.index)")
                #expect(
                    second["metadata"]?["managedFields"] == first["metadata"]?["managedFields"],
                    "\(scenario)#\(step.index)")
            }
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
    }
}
