import FleetTesting
import Foundation
import Testing

/// `flotilla demo`, as `make demo` runs it.
@Suite("flotilla demo")
struct DemoTests {
    @Test("registers three sandbox clusters, syncs the example fleets, shows drift and heals it")
    func demo() async throws {
        let started = Date()
        let result = try await FlotillaProcess.run(["demo"], in: Fixtures.repositoryRoot())
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("--all-contexts\ncluster/dev added\ncluster/staging added\ncluster/prod added\n"))
        #expect(output.contains("cluster/prod labeled"))
        #expect(output.components(separatedBy: "7 targets on 3 clusters: 7 Synced and Healthy").count == 3)
        #expect(output.contains("Application cert-manager-prod on cluster prod: synced, Healthy"))
        #expect(output.contains("-  replicas: 9\n+  replicas: 5"), "kustomize.replicas of production")
        #expect(output.contains("web-app        ✓     !      ✓         2/3     OutOfSync"))
        #expect(output.hasSuffix("now removed.\n"))
        #expect(Date().timeIntervalSince(started) < 60, "the demo takes under a minute")
    }
}
