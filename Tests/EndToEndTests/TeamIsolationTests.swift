import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// Two teams' Applications on one cluster: team A's Git can neither take over, prune nor
/// delete team B's objects (issue 13, reproductions 1 and 2).
@Suite("Team isolation")
struct TeamIsolationTests {
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: team-a}
        spec:
          project: default
          source: {repoURL: team-a, targetRevision: main, path: app}
          destination: {name: shared, namespace: team-a}
          syncPolicy: {syncOptions: [CreateNamespace=true]}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: team-b}
        spec:
          project: default
          source: {repoURL: team-b, targetRevision: main, path: app}
          destination: {name: shared, namespace: team-b}
          syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    static let teamB = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: team-b-settings}
        data: {owner: team-b}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: team-b-api-key}
        stringData: {key: b-secret}
        """

    static func configMap(_ name: String, namespace: String, hook: String? = nil) -> String {
        let annotations = hook.map { ", annotations: {argocd.argoproj.io/hook: \($0)}" } ?? ""
        return """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: '\(name)', namespace: \(namespace)\(annotations)}
            data: {owner: team-a}
            """
    }

    /// Two repositories beside the fleet file, `team-a` and `team-b`.
    static func repositories(_ session: FlotillaSession, a: String) async throws -> (GitRepository, GitRepository) {
        var made: [GitRepository] = []
        for (name, manifests) in [("team-a", a), ("team-b", teamB)] {
            let repo = try await GitRepository()
            try repo.write("app/all.yaml", manifests)
            try await repo.commit("first")
            try FileManager.default.createSymbolicLink(
                atPath: session.folder.path + "/" + name, withDestinationPath: repo.path)
            made.append(repo)
        }
        return (made[0], made[1])
    }

    static func kubectl(
        _ kubeconfig: String, _ session: FlotillaSession, _ arguments: [String]
    ) async throws
        -> FlotillaProcess.Result
    {
        try await FleetHarness.kubectl(kubeconfig, context: "shared", in: session, arguments)
    }

    /// Team B's objects as kubectl sees them: `owner` of the ConfigMap, and whether the Secret exists.
    static func teamBObjects(_ kubeconfig: String, _ session: FlotillaSession) async throws -> (String, Bool) {
        let settings = try await kubectl(
            kubeconfig, session,
            ["get", "-n", "team-b", "configmap/team-b-settings", "-o", "jsonpath={.data.owner}/{.metadata.labels}"])
        let key = try await kubectl(kubeconfig, session, ["get", "-n", "team-b", "secret/team-b-api-key"])
        return (settings.standardOutput, key.status == 0)
    }

    @Test("team A's manifest for team B's ConfigMap fails its sync naming the owner, and its removal prunes nothing")
    func noTakeover() async throws {
        try await FleetHarness.with(["shared"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["shared"], of: fleet, in: session)
            let (a, b) = try await Self.repositories(
                session, a: Self.configMap("team-b-settings", namespace: "team-b"))
            defer { [a, b].forEach { $0.folder.remove() } }
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
            #expect(try await session.run(["sync", fleetFile, "--app", "team-b"]).status == 0)

            let takeover = try await session.run(["sync", fleetFile, "--app", "team-a"])
            #expect(takeover.status == 1, "\(takeover.standardOutput)\(takeover.standardError)")
            #expect(
                takeover.standardOutput.contains(
                    "ConfigMap/team-b/team-b-settings failed (belongs to Application team-b)"),
                "\(takeover.standardOutput)")
            let diff = try await session.run(["diff", fleetFile, "--app", "team-a"])
            #expect(diff.status == 1)
            #expect(diff.standardError.contains("ConfigMap/team-b/team-b-settings belongs to Application team-b"))
            #expect(try await Self.teamBObjects(kubeconfig, session).0.hasPrefix("team-b/"), "B's object unchanged")

            try a.write("app/all.yaml", Self.configMap("other", namespace: "team-a"))
            try await a.commit("drop it")
            let pruned = try await session.run(["sync", fleetFile, "--app", "team-a", "--prune"])
            #expect(pruned.status == 0, "\(pruned.standardOutput)\(pruned.standardError)")
            #expect(!pruned.standardOutput.contains("team-b-settings"))
            let after = try await Self.teamBObjects(kubeconfig, session)
            #expect(
                after.0.hasPrefix("team-b/") && after.0.contains("team-b"), "B's ConfigMap is still B's: \(after.0)")
        }
    }

    @Test(
        "a hook named like team B's Secret or Namespace, or a name that climbs out of its namespace, deletes nothing of B's",
        arguments: [
            configMap("team-b-api-key", namespace: "team-b", hook: "PreSync").replacingOccurrences(
                of: "kind: ConfigMap", with: "kind: Secret"),
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-b, annotations: {argocd.argoproj.io/hook: PreSync}}\n",
            configMap("x/../../../team-b/configmaps/team-b-settings", namespace: "team-a", hook: "PreSync"),
            configMap("team-b-settings", namespace: "team-a/../team-b", hook: "PreSync"),
        ])
    func hooks(_ hook: String) async throws {
        try await FleetHarness.with(["shared"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["shared"], of: fleet, in: session)
            let (a, b) = try await Self.repositories(session, a: hook)
            defer { [a, b].forEach { $0.folder.remove() } }
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
            #expect(try await session.run(["sync", fleetFile, "--app", "team-b"]).status == 0)
            let sync = try await session.run(["sync", fleetFile, "--app", "team-a"])
            #expect(sync.status == 1, "\(sync.standardOutput)\(sync.standardError)")
            let before = try await Self.teamBObjects(kubeconfig, session)
            #expect(before.0.hasPrefix("team-b/"), "B's ConfigMap is still there and B's: \(before.0)")
            #expect(before.1, "B's Secret is still there")
            let namespace = try await Self.kubectl(
                kubeconfig, session, ["get", "namespace/team-b", "-o", "jsonpath={.status.phase}"])
            #expect(namespace.standardOutput == "Active")
        }
    }
}
