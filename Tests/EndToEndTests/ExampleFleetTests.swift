import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// The example fleets under `fleets/` (guestbook, web-app, cert-manager) synced to 20
/// sandbox clusters labelled like a real estate, their Git repositories served locally
/// through git's `insteadOf`; one cluster down, one hanging, one answering 503 half the time.
@Suite("The example fleets on 20 clusters")
struct ExampleFleetTests {
    /// Cluster names and labels: the two the guestbook list names, 8 more staging and 10
    /// more production clusters (half of them critical).
    static let groups: [(names: [String], labels: [String])] = [
        (["staging"], ["env=staging", "region=eu"]),
        (["prod"], ["env=production", "region=eu", "tier=critical"]),
        ((2...9).map { String(format: "staging-%02d", $0) }, ["env=staging", "region=us"]),
        ((2...6).map { String(format: "prod-%02d", $0) }, ["env=production", "region=us", "tier=critical"]),
        ((7...11).map { String(format: "prod-%02d", $0) }, ["env=production", "region=us"]),
    ]
    static let down = "staging-09"
    static let hanging = "prod-10"
    static let flaky = "prod-11"

    @Test("the 17 healthy clusters end Synced and Healthy; the 3 broken ones are reported with their reasons")
    func exampleFleets() async throws {
        let names = Self.groups.flatMap(\.names)
        #expect(names.count == 20)
        try await FleetHarness.with(names, options: SandboxOptions(rolloutDelay: .milliseconds(50))) { fleet, session in
            try await run(fleet, session)
        }
    }

    private func run(_ fleet: SandboxFleet, _ session: FlotillaSession) async throws {
        var session = session
        let kubeconfig = try session.folder.write("kubeconfig", fleet.kubeconfig())
        for group in Self.groups {
            let labels = group.labels.flatMap { ["-l", $0] }
            let added = try await session.run(["cluster", "add", "--kubeconfig", kubeconfig] + group.names + labels)
            #expect(added.status == 0, "\(added.standardError)")
        }
        let repositories = Fixtures.repositoryRoot() + "/demo/repos"
        let gitops = try await GitRepository()
        let addons = try await GitRepository()
        defer {
            gitops.folder.remove()
            addons.folder.remove()
        }
        try gitops.copy(from: repositories + "/gitops")
        try await gitops.commit("apps")
        try addons.copy(from: repositories + "/addons")
        let pinned = try await addons.commit("cert-manager v1.16.2")
        try await addons.tag("v1.16.2")
        try addons.write("cert-manager/NOTES.md", "main moves on past the release\n")
        let main = try await addons.commit("after the release")
        session.environment.merge([
            "GIT_CONFIG_COUNT": "2",
            "GIT_CONFIG_KEY_0": "url.\(gitops.path).insteadOf",
            "GIT_CONFIG_VALUE_0": "https://git.example.com/platform/gitops.git",
            "GIT_CONFIG_KEY_1": "url.\(addons.path).insteadOf",
            "GIT_CONFIG_VALUE_1": "https://git.example.com/platform/addons.git",
        ]) { $1 }

        let member = { (name: String) in fleet.members.first { $0.server.cluster.name == name }! }
        try await member(Self.down).server.setFaults(.down)
        try await member(Self.hanging).server.setFaults(.hanging)
        try await member(Self.flaky).server.setFaults(.failing(0.5))

        let fleets = Fixtures.repositoryRoot() + "/fleets"
        let started = Date()
        // 8 s: the 17 healthy in-process sandboxes must answer inside it while every other
        // suite runs at once on two shared cores (3 s was not always enough).
        let sync = try await session.run(["sync", fleets, "--request-timeout", "8"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(sync.status == 1, "\(sync.standardOutput)\(sync.standardError)")
        #expect(elapsed < 90, "bounded by the 8 s request timeout, not by the broken clusters: \(elapsed) s")

        let status = try JSONReader.parse(try await session.run(["status", "-o", "json"]).standardOutput)
        let items = status["items"]?.arrayValue ?? []
        // guestbook on its 2 clusters, web-app and cert-manager on all 20.
        #expect(items.count == 42, "\(items.map { $0["application"]?.stringValue ?? "" })")
        let broken: Set<String> = [Self.down, Self.hanging, Self.flaky]
        for item in items where !broken.contains(item["cluster"]?.stringValue ?? "") {
            #expect(item["state"] == "Healthy", "\(JSONWriter.compact(item))")
        }
        let messages = { (cluster: String) in
            items.filter { $0["cluster"]?.stringValue == cluster }.map { $0["message"]?.stringValue ?? "" }
        }
        #expect(messages(Self.down).count == 2 && messages(Self.down).allSatisfy { $0.contains("cannot connect") })
        #expect(messages(Self.hanging).count == 2 && messages(Self.hanging).allSatisfy { $0.contains("no answer") })
        #expect(messages(Self.flaky).contains { !$0.isEmpty }, "half the answers are 503s: \(messages(Self.flaky))")

        let byName = Dictionary(uniqueKeysWithValues: items.map { ($0["application"]?.stringValue ?? "", $0) })
        // Critical clusters track the pinned release, the others follow main.
        #expect(byName["cert-manager-prod-02"]?["revision"]?.stringValue == pinned)
        #expect(byName["cert-manager-prod-07"]?["revision"]?.stringValue == main)
        #expect(byName["cert-manager-staging-02"]?["revision"]?.stringValue == main)
        #expect(byName["guestbook-production"]?["cluster"] == "prod")
        let replicas = try await CommandLineTool.run(
            "kubectl",
            [
                "--kubeconfig", kubeconfig, "--context", "prod-02", "--cache-dir", session.folder.path + "/kube-cache",
                "get", "-n", "web-app", "deployment/web-app", "-o", "jsonpath={.spec.replicas}",
            ])
        #expect(replicas.standardOutput == "5", "the template's kustomize.replicas for production")

        for name in broken { try await member(name).server.setFaults(SandboxFaults()) }
        let again = try await session.run(["sync", fleets])
        #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
        #expect(again.standardOutput.hasSuffix("42 targets on 20 clusters: 42 Synced and Healthy\n"))
    }
}
