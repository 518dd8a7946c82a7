import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// Several fleets in one registry: a run forgets or retires only targets recorded from its own
/// fleet paths, and what is recorded about a target's last sync survives (issue 21, item 1).
@Suite("Fleet scope: runs touch only their own fleet files")
struct FleetScopeTests {
    /// The fleets live in sub-folders and share the repository beside them.
    static let sources = ["--allow-local-sources", "gitops"]

    /// An ApplicationSet `name` putting `web/` on c1 and c2, allowed to delete what it stops generating.
    static func applicationSet(_ name: String, clusters: [String] = ["c1", "c2"]) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: \(name)}
        spec:
          generators:
          - list: {elements: [\(clusters.map { "{cluster: \($0)}" }.joined(separator: ", "))]}
          syncPolicy: {applicationsSync: sync}
          template:
            metadata: {name: '\(name)-<<cluster>>'}
            spec:
              project: default
              source: {repoURL: ../gitops/repo, targetRevision: main, path: web}
              destination: {name: '<<cluster>>', namespace: \(name)}
              syncPolicy: {syncOptions: [CreateNamespace=true]}
        """
    }

    /// A plain Application `tools` on c1.
    static let tools = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: tools}
        spec:
          project: default
          source: {repoURL: ../gitops/repo, targetRevision: main, path: web}
          destination: {name: c1, namespace: tools}
          syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    @Test("syncing another fleet file forgets and deletes nothing of the first; lastSync survives in every format")
    func otherFleetsAreLeftAlone() async throws {
        try await FleetHarness.with(["c1", "c2"], options: SandboxOptions(rolloutDelay: .milliseconds(50))) {
            fleet, session in try await run(fleet, session)
        }
    }

    private func run(_ fleet: SandboxFleet, _ session: FlotillaSession) async throws {
        try await FleetHarness.register(["c1", "c2"], of: fleet, in: session)
        let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
        defer { repo.folder.remove() }
        _ = try session.folder.write("platform/shop.yaml", Self.applicationSet("shop"))
        _ = try session.folder.write("platform/tools.yaml", Self.tools)
        let other = try session.folder.write("mistakes/m-repo.yaml", Self.applicationSet("m", clusters: ["c1"]))

        let platform = try await session.run(["sync", "platform"] + Self.sources)
        #expect(platform.status == 0, "\(platform.standardOutput)\(platform.standardError)")
        let mistakes = try await session.run(["sync", other] + Self.sources)
        #expect(mistakes.status == 0, "\(mistakes.standardOutput)\(mistakes.standardError)")
        #expect(!mistakes.standardOutput.contains("no longer generated"), "\(mistakes.standardOutput)")
        #expect(try await recorded(session) == ["m-c1", "shop-c1", "shop-c2", "tools"])
        // A run over a folder sees only the files under it: m-c1 is none of platform's business.
        let again = try await session.run(["sync", "platform"] + Self.sources)
        #expect(!again.standardOutput.contains("no longer generated"), "\(again.standardOutput)")
        #expect(try await recorded(session) == ["m-c1", "shop-c1", "shop-c2", "tools"])

        // A file removed from the fleet folder is this fleet's: its Application is forgotten …
        try FileManager.default.removeItem(atPath: session.folder.path + "/platform/tools.yaml")
        let shrunk = try await session.run(["sync", "platform"] + Self.sources)
        #expect(
            shrunk.standardOutput.contains(
                "Application tools on cluster c1: no longer generated; forgotten: it was a plain Application"),
            "\(shrunk.standardOutput)")
        #expect(try await recorded(session) == ["m-c1", "shop-c1", "shop-c2"])
        // … and when it comes back, a diff finds its last sync in its history.
        _ = try session.folder.write("platform/tools.yaml", Self.tools)
        #expect(try await session.run(["diff", "platform"] + Self.sources).status == 0)

        let status = try JSONReader.parse(try await session.run(["status", "-o", "json"]).standardOutput)
        for item in status["items"]?.arrayValue ?? [] {
            #expect(item["lastSync"]?["at"]?.stringValue != nil, "\(item)")
            #expect(item["lastSync"]?["succeeded"] == .bool(true), "\(item)")
        }
        let yaml = try await session.run(["status", "-o", "yaml"])
        #expect(yaml.standardOutput.components(separatedBy: "  lastSync:\n").count == 5, "\(yaml.standardOutput)")
        let wide = try await session.run(["status", "-o", "wide"])
        let rows = wide.standardOutput.split(separator: "\n").dropFirst()
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { !$0.split(separator: " ").contains("-") }, "\(wide.standardOutput)")
        let metrics = try await session.run(["status", "-o", "metrics"])
        for application in ["m-c1", "shop-c1", "shop-c2", "tools"] {
            #expect(
                metrics.standardOutput.contains(
                    "flotilla_target_last_sync_timestamp_seconds{application=\"\(application)\""),
                "\(metrics.standardOutput)")
        }
    }

    /// The recorded targets' Applications, sorted.
    private func recorded(_ session: FlotillaSession) async throws -> [String] {
        let status = try JSONReader.parse(try await session.run(["status", "-o", "json"]).standardOutput)
        return (status["items"]?.arrayValue?.compactMap { $0["application"]?.stringValue } ?? []).sorted()
    }
}
