import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// `kill -9` of `flotilla sync` at random moments leaves a consistent registry, and the next
/// sync converges.
@Suite("flotilla sync killed at random moments")
struct KillTests {
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: web}
        spec:
          generators:
          - matrix:
              generators:
              - list: {elements: [{app: a}, {app: b}]}
              - clusters: {}
          template:
            metadata: {name: '<<app>>-<<name>>'}
            spec:
              project: default
              source: {repoURL: gitops/repo, targetRevision: main, path: web}
              destination: {name: '<<name>>', namespace: '<<app>>'}
              syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    static func manifests(replicas: Int) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: 'nginx:1.27'}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {replicas: '\(replicas)'}
        """
    }

    @Test("20 kills: integrity_check ok, no torn or duplicate history rows, then the fleet converges")
    func kills() async throws {
        let names = ["k1", "k2", "k3"]
        let fleet = try await SandboxFleet.start(names: names, options: SandboxOptions(rolloutDelay: .milliseconds(50)))
        let session = try FlotillaSession()
        defer { session.remove() }
        do {
            try await run(fleet, names, session)
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
    }

    private func sqlite(_ session: FlotillaSession, _ query: String) async throws -> String {
        try await CommandLineTool.run("sqlite3", [session.home + "/flotilla.db", query]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func run(_ fleet: SandboxFleet, _ names: [String], _ session: FlotillaSession) async throws {
        let kubeconfig = try session.folder.write("kubeconfig", fleet.kubeconfig())
        #expect(try await session.run(["cluster", "add", "--kubeconfig", kubeconfig] + names).status == 0)
        let repo = try await GitRepository()
        defer { repo.folder.remove() }
        try repo.write("web/web.yaml", Self.manifests(replicas: 1))
        try await repo.commit("one")
        try FileManager.default.createSymbolicLink(
            atPath: session.folder.path + "/gitops", withDestinationPath: repo.folder.path)
        let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
        var generator = SystemRandomNumberGenerator()
        for round in 1...20 {
            try repo.write("web/web.yaml", Self.manifests(replicas: round % 3 + 1))
            try await repo.commit("round \(round)")
            let delay = UInt32.random(in: 20_000...600_000, using: &generator)
            let environment = session.environment
            let directory = session.folder.path
            await BlockingWork.run {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: FlotillaProcess.binaryPath)
                process.arguments = ["sync", fleetFile]
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
                process.currentDirectoryURL = URL(fileURLWithPath: directory)
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                guard (try? process.run()) != nil else { return }
                usleep(delay)
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            #expect(try await sqlite(session, "PRAGMA integrity_check") == "ok", "round \(round)")
            #expect(
                try await sqlite(
                    session, "SELECT count(*) FROM syncHistory WHERE objects = '' OR revision IS NULL") == "0")
            #expect(
                try await sqlite(
                    session,
                    "SELECT count(*) FROM (SELECT 1 FROM syncHistory GROUP BY application, cluster, startedAt "
                        + "HAVING count(*) > 1)") == "0")
        }
        let final = try await session.run(["sync", fleetFile])
        #expect(final.status == 0, "\(final.standardOutput)\(final.standardError)")
        #expect(final.standardOutput.hasSuffix("6 targets on 3 clusters: 6 Synced and Healthy\n"))
        #expect(try await session.run(["status"]).status == 0)
        let converged = try await session.run(["diff", fleetFile])
        #expect(converged.status == 0, "\(converged.standardOutput)")
    }
}
