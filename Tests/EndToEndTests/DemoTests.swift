import FleetTesting
import Foundation
import Testing

/// `flotilla demo`, as `make demo` runs it.
@Suite("flotilla demo")
struct DemoTests {
    @Test("registers three sandbox clusters, syncs the demo fleet, shows drift and heals it")
    func demo() async throws {
        let started = Date()
        let result = try await FlotillaProcess.run(["demo"], in: Fixtures.repositoryRoot())
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("cluster/prod added"))
        #expect(output.components(separatedBy: "6 targets on 3 clusters: 6 Synced and Healthy").count == 3)
        #expect(output.contains("-  replicas: 5\n+  replicas: 2"))
        #expect(output.contains("demo          ✓     !      ✓         5/6     OutOfSync"))
        #expect(output.hasSuffix("now removed.\n"))
        #expect(Date().timeIntervalSince(started) < 60, "the demo takes under a minute")
    }
}
