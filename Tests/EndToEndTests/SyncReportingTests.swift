import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// What `flotilla sync` says and records is what is there (issue 21, items 3, 4 and 6):
/// objects that do not exist are Missing, every sync is in the history, and a target's line
/// agrees with the summary.
@Suite("flotilla sync reports what is there")
struct SyncReportingTests {
    /// An ApplicationSet `name` putting `web/` on `clusters`, in namespace `namespace`.
    static func fleet(_ name: String, clusters: [String], namespace: String, options: String) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: \(name)}
        spec:
          generators:
          - list: {elements: [\(clusters.map { "{cluster: \($0)}" }.joined(separator: ", "))]}
          template:
            metadata: {name: '\(name)-<<cluster>>'}
            spec:
              project: default
              source: {repoURL: gitops/repo, targetRevision: main, path: web}
              destination: {name: '<<cluster>>', namespace: \(namespace)}
              syncPolicy: {syncOptions: [\(options)]}
        """
    }

    static let options = SandboxOptions(rolloutDelay: .milliseconds(50))

    @Test("a namespace that does not exist: Missing, the fix named, nothing glued after the message")
    func missingNamespace() async throws {
        try await FleetHarness.with(["c1"], options: Self.options) { fleet, session in
            try await FleetHarness.register(["c1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write(
                "fleet.yaml", Self.fleet("lost", clusters: ["c1"], namespace: "nowhere", options: ""))
            let sync = try await session.run(["sync", fleetFile])
            #expect(sync.status == 1)
            let line = try #require(sync.standardOutput.split(separator: "\n").last.map(String.init))
            #expect(line.hasPrefix("Application lost-c1 on cluster c1: sync failed: sync wave 0 failed: "), "\(line)")
            #expect(line.contains("namespaces \"nowhere\" not found"), "\(line)")
            #expect(
                line.hasSuffix("(create the namespace in Git, or set syncPolicy.syncOptions: [CreateNamespace=true])"),
                "\(line)")
            let status = try JSONReader.parse(try await session.run(["status", "-o", "json"]).standardOutput)
            let item = status["items"]?.arrayValue?.first
            #expect(item?["health"] == "Missing", "\(String(describing: item))")
            #expect(item?["syncStatus"] == "OutOfSync")
            let wide = try await session.run(["status", "-o", "wide"])
            let row = wide.standardOutput.split(separator: "\n").last?.split(separator: " ").prefix(4)
            #expect(row.map(Array.init) == ["lost-c1", "c1", "OutOfSync", "Missing"], "\(wide.standardOutput)")
        }
    }

    @Test("a first sync whose objects are already in place is recorded in the history")
    func firstSyncWritingNothing() async throws {
        try await FleetHarness.with(["c1"], options: Self.options) { fleet, session in
            try await FleetHarness.register(["c1"], of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            let fleetText = Self.fleet("web", clusters: ["c1"], namespace: "web", options: "CreateNamespace=true")
            let fleetFile = try session.folder.write("fleet.yaml", fleetText)
            #expect(try await session.run(["sync", fleetFile]).status == 0)

            // A second registry (another machine, or a fresh home) finds everything in place.
            let newcomer = try FlotillaSession()
            defer { newcomer.remove() }
            try await FleetHarness.register(["c1"], of: fleet, in: newcomer)
            try FileManager.default.createSymbolicLink(
                atPath: newcomer.folder.path + "/gitops", withDestinationPath: repo.folder.path)
            let ownFleet = try newcomer.folder.write("fleet.yaml", fleetText)
            let sync = try await newcomer.run(["sync", ownFleet])
            #expect(sync.status == 0)
            #expect(sync.standardOutput.hasSuffix("Application web-c1 on cluster c1: already synced, Healthy\n"))
            let history = try await newcomer.run(["history", "web-c1"])
            #expect(history.status == 0, "\(history.standardError)")
            let rows = history.standardOutput.split(separator: "\n").dropFirst()
            #expect(rows.count == 1, "\(history.standardOutput)")
            #expect(rows.first?.contains("Succeeded") == true)
            #expect(rows.first?.hasSuffix("already synced; nothing written") == true, "\(history.standardOutput)")
            let status = try JSONReader.parse(try await newcomer.run(["status", "-o", "json"]).standardOutput)
            #expect(status["items"]?.arrayValue?.first?["lastSync"]?["succeeded"] == .bool(true))
        }
    }

    @Test("pruning nobody asked for: each line says OutOfSync and what was left, like the summary; exit 0")
    func unprunedObjects() async throws {
        try await FleetHarness.with(["c1", "c2"], options: Self.options) { fleet, session in
            try await FleetHarness.register(["c1", "c2"], of: fleet, in: session)
            let extra = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old}\ndata: {a: b}\n"
            let repo = try await FleetHarness.gitops(
                ["web/web.yaml": FleetHarness.webManifests(), "web/old.yaml": extra], in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write(
                "fleet.yaml",
                Self.fleet("web", clusters: ["c1", "c2"], namespace: "web", options: "CreateNamespace=true"))
            #expect(try await session.run(["sync", fleetFile]).status == 0)
            try repo.remove("web/old.yaml")
            try await repo.commit("old goes")

            let sync = try await session.run(["sync", fleetFile])
            #expect(sync.status == 0, "\(sync.standardOutput)\(sync.standardError)")
            for cluster in ["c1", "c2"] {
                #expect(
                    sync.standardOutput.contains(
                        "Application web-\(cluster) on cluster \(cluster): synced, "
                            + "OutOfSync (1 object left unpruned; sync --prune deletes it), Healthy\n"),
                    "\(sync.standardOutput)")
            }
            #expect(sync.standardOutput.hasSuffix("2 targets on 2 clusters: 0 Synced and Healthy, 2 OutOfSync\n"))

            let pruned = try await session.run(["sync", fleetFile, "--prune"])
            #expect(pruned.status == 0)
            #expect(pruned.standardOutput.contains("ConfigMap/web/old pruned"), "\(pruned.standardOutput)")
            #expect(pruned.standardOutput.hasSuffix("2 targets on 2 clusters: 2 Synced and Healthy\n"))
        }
    }
}
