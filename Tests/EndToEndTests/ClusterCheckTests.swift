import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// `flotilla cluster check` over many sandbox clusters, some of them broken in different ways.
@Suite("flotilla cluster check")
struct ClusterCheckTests {
    @Test("50 clusters, 5 faulty: each faulty one with its own reason, in about one timeout")
    func fleetCheck() async throws {
        let names = (1...50).map { String(format: "c%02d", $0) }
        try await FleetHarness.with(names) { fleet, session in try await check(fleet, names, session) }
    }

    private func check(_ fleet: SandboxFleet, _ names: [String], _ session: FlotillaSession) async throws {
        // c03 is registered with a CA that did not sign its server's certificate.
        let strangerCA = Data(try SandboxPKI.mint(name: "stranger").caCertificatePEM.utf8).base64EncodedString()
        let realCA = Data(fleet.members[2].cluster.pki.caCertificatePEM.utf8).base64EncodedString()
        let kubeconfig = try session.folder.write(
            "kubeconfig", fleet.kubeconfig().replacingOccurrences(of: realCA, with: strangerCA))
        let added = try await session.run(["cluster", "add", "--kubeconfig", kubeconfig] + names)
        #expect(added.status == 0, "\(added.standardError)")
        try await fleet.members[0].server.setFaults(.down)
        try await fleet.members[1].server.setFaults(.hanging)
        try await fleet.members[3].server.setFaults(.failing(1, status: 403))
        try await fleet.members[4].server.setFaults(.failing(1, status: 500))

        let started = Date()
        // 10 s: 50 in-process sandboxes answer their TLS handshakes while every other suite runs
        // at once on two shared cores; 3 s was not always enough for the healthy ones.
        let result = try await session.run(["cluster", "check", "--timeout", "10", "-o", "json"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 1, "an unhealthy cluster makes the check fail")
        let items = try JSONReader.parse(result.standardOutput)["items"]?.arrayValue ?? []
        #expect(items.count == 50)
        let unhealthy = items.filter { $0["healthy"] == false }
        #expect(
            unhealthy.map { "\($0["name"]?.stringValue ?? ""):\($0["status"]?.stringValue ?? "")" } == [
                "c01:Unreachable", "c02:Timeout", "c03:TLS", "c04:Forbidden", "c05:InternalError",
            ])
        #expect(unhealthy.allSatisfy { $0["message"]?.stringValue?.isEmpty == false })
        let healthy = items.filter { $0["healthy"] == true }
        #expect(healthy.count == 45)
        #expect(healthy.allSatisfy { $0["version"] == "v1.36.0" && $0["latencyMilliseconds"]?.intValue != nil })
        #expect(elapsed < 25, "bounded by the 10 s timeout, not by 50 clusters: took \(elapsed) s")

        let table = try await session.run(["cluster", "check", "c06", "c03"])
        #expect(table.status == 1)
        let lines = table.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NAME") == true)
        #expect(lines.dropFirst().first?.contains("Healthy") == true)
        #expect(lines.last?.contains("TLS") == true && lines.last?.contains("does not match this server") == true)
        let one = try await session.run(["cluster", "check", "c10"])
        #expect(one.status == 0, "\(one.standardOutput)\(one.standardError)")
        for output in [result.standardOutput, table.standardOutput] {
            for member in fleet.members.prefix(6) { #expect(!output.contains(member.adminToken)) }
        }
    }
}
