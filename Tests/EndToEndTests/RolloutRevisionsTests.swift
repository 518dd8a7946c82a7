import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// A rollout over targets at different commits, end to end: the built binary, five sandbox
/// clusters, two Git repositories; the ApplicationSet's list elements name each cluster's
/// repository (A for c1, c3, c5; B, the less common, for c2 and c4) and wave (canary: c1, c2).
@Suite("flotilla sync rolls out each target's own commit; abort sends each back to its own")
struct RolloutRevisionsTests {
    static let repositories = ["c1": "a", "c2": "b", "c3": "a", "c4": "b", "c5": "a"]
    static let steps = [
        "      - matchExpressions: [{key: wave, operator: In, values: [canary]}]",
        "      - matchExpressions: [{key: wave, operator: In, values: [rest]}]",
    ].joined(separator: "\n")

    /// `RolloutTests`' ApplicationSet with a list generator: one element per cluster naming its
    /// wave and repository (`gitops-a/repo` or `gitops-b/repo` beside the fleet file).
    static var fleet: String {
        let elements = repositories.keys.sorted().map { name in
            "{name: \(name), wave: \(["c1", "c2"].contains(name) ? "canary" : "rest"), repo: \(repositories[name] ?? "")}"
        }
        return RolloutTests.fleet(
            steps: steps, generator: "list: {elements: [\(elements.joined(separator: ", "))]}", wave: "<<wave>>",
            repoURL: "gitops-<<repo>>/repo")
    }

    /// The image every cluster runs, by cluster.
    static func images(_ kubeconfig: String, _ session: FlotillaSession) async throws -> [String: String] {
        var images: [String: String] = [:]
        for cluster in repositories.keys {
            images[cluster] = try await RolloutTests.image(kubeconfig, cluster, session)
        }
        return images
    }

    @Test("a commit to the less common repository goes canary, then rest; abort of a failing one sends B's canary back")
    func twoRepositories() async throws {
        let names = Self.repositories.keys.sorted()
        try await FleetHarness.with(names, options: RolloutTests.options) { fleet, session in
            let kubeconfig = try await FleetHarness.register(names, of: fleet, in: session)
            let a = try await FleetHarness.gitops(
                ["web/web.yaml": RolloutTests.manifests(image: "nginx:1.27")], in: session, as: "gitops-a")
            let b = try await FleetHarness.gitops(
                ["web/web.yaml": RolloutTests.manifests(image: "nginx:1.26")], in: session, as: "gitops-b")
            defer {
                a.folder.remove()
                b.folder.remove()
            }
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
            let first = try await session.run(["sync", fleetFile])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            #expect(first.standardError.contains("rollout web: completed: 2 revisions Synced and Healthy"))

            try b.write("web/web.yaml", RolloutTests.manifests(image: "nginx:1.28"))
            let good = try await b.commit("good")
            let second = try await session.run(["sync", fleetFile])
            #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
            #expect(
                second.standardError.contains("step 1/2 (wave=canary): 2 targets, 1 to sync"), "\(second.standardError)"
            )
            #expect(second.standardError.contains("step 2/2 (wave=rest): 3 targets, 1 to sync"))
            let expected = [
                "c1": "nginx:1.27", "c2": "nginx:1.28", "c3": "nginx:1.27", "c4": "nginx:1.28", "c5": "nginx:1.27",
            ]
            #expect(try await Self.images(kubeconfig, session) == expected)
            let history = try RolloutTests.history(session, clusters: ["c2", "c4"]).filter { $0.revision == good }
            let canary = try #require(history.first { $0.cluster == "c2" })
            let rest = try #require(history.first { $0.cluster == "c4" })
            #expect(canary.finishedAt <= rest.startedAt, "B's canary before B's rest")

            try b.write("web/web.yaml", RolloutTests.manifests(image: "nginx:fail"))
            let failing = try await b.commit("failing image")
            let third = try await session.run(["sync", fleetFile])
            #expect(third.status == 1, "\(third.standardOutput)\(third.standardError)")
            #expect(third.standardError.contains("rollout web: halted at step 1/2: web-c2@c2 Degraded"))
            let table = try await session.run(["rollout", "status", "web", fleetFile])
            #expect(
                table.standardOutput.contains(
                    "Rollout web: halted at step 1/2, revision 2 revisions (last healthy: 2 revisions)"),
                "\(table.standardOutput)")
            let c2 = try #require(table.standardOutput.split(separator: "\n").first { $0.contains(" web-c2 ") })
            #expect(table.standardOutput.contains("ROLLOUT REVISION") && c2.hasSuffix(failing.prefix(12)))
            let json = try JSONReader.parse(
                try await session.run(["rollout", "status", "web", fleetFile, "-o", "json"]).standardOutput)
            #expect(json["state"] == "halted" && json["revision"] == .null)
            #expect(json["revisions"]?["web-c2@c2"] == .string(failing))
            #expect(json["lastHealthyRevisions"]?["web-c2@c2"] == .string(good))
            #expect(json["lastHealthyRevisions"]?["web-c1@c1"] == json["revisions"]?["web-c1@c1"])

            let abort = try await session.run(["rollout", "abort", "web", fleetFile])
            #expect(abort.status == 0, "\(abort.standardOutput)\(abort.standardError)")
            #expect(
                abort.standardOutput.contains("Application web-c2 on cluster c2: rolled back to \(good.prefix(12))"))
            #expect(abort.standardOutput.contains("Rollout web aborted: 1 target back at \(good.prefix(12))"))
            #expect(
                try await Self.images(kubeconfig, session) == expected,
                "c2 is back at B's previous commit; A's clusters and B's rest kept theirs")
        }
    }
}
