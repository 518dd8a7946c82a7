import FleetModel
import FleetTesting
import Foundation
import Registry
import Sandbox
import Testing

/// Progressive rollouts (issue 18) end to end: the built binary against nine sandbox clusters
/// labelled `wave: canary|early|rest`, an ApplicationSet whose RollingSync strategy opens one
/// wave after the other.
@Suite("flotilla sync rolls out step by step; rollout status and abort")
struct RolloutTests {
    static let waves = ["canary": ["c1", "c2", "c3"], "early": ["c4", "c5", "c6"], "rest": ["c7", "c8", "c9"]]
    /// A short progress deadline: an image tagged `fail` turns Degraded within a second.
    static let options = SandboxOptions(rolloutDelay: .milliseconds(50), progressDeadline: .seconds(1))

    /// The ApplicationSet `web` over every registered cluster (or what `generator` generates:
    /// parameters `name`, and those `wave` and `repoURL` name), its Applications labelled with
    /// their cluster's wave, rolled out in the steps `steps` (a YAML list, indented).
    static func fleet(
        steps: String, generator: String = "clusters: {}", wave: String = "<<metadata.labels.wave>>",
        repoURL: String = "gitops/repo"
    ) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: web}
        spec:
          generators:
          - \(generator)
          template:
            metadata:
              name: 'web-<<name>>'
              labels: {wave: '\(wave)'}
            spec:
              project: default
              source: {repoURL: '\(repoURL)', targetRevision: main, path: web}
              destination: {name: '<<name>>', namespace: web}
              syncPolicy:
                automated: {prune: true}
                syncOptions: [CreateNamespace=true]
          strategy:
            type: RollingSync
            rollingSync:
              steps:
        \(steps)
        """
    }

    static let threeSteps = [
        "      - matchExpressions: [{key: wave, operator: In, values: [canary]}]", "        pauseAfter: 1s",
        "      - matchExpressions: [{key: wave, operator: In, values: [early]}]", "        pauseAfter: 1s",
        "      - matchExpressions: [{key: wave, operator: In, values: [rest]}]",
    ].joined(separator: "\n")

    /// The manifests of `webManifests` with the Deployment's image `image`.
    static func manifests(image: String) -> String {
        FleetHarness.webManifests().replacingOccurrences(of: "'nginx:1.27'", with: "'\(image)'")
    }

    /// Every recorded sync of the session, from its registry.
    static func history(_ session: FlotillaSession, clusters: [String]) throws -> [SyncHistoryEntry] {
        let registry = try #require(
            try Registry.open(home: FlotillaHome(path: session.home), environment: session.environment, create: false))
        return try clusters.flatMap { try registry.history(of: "web-\($0)", cluster: $0) }
    }

    static func image(_ kubeconfig: String, _ cluster: String, _ session: FlotillaSession) async throws -> String {
        let result = try await FleetHarness.kubectl(
            kubeconfig, context: cluster, in: session,
            ["get", "deployment", "web", "-n", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
        return result.standardOutput
    }

    @Test("a good commit reaches canary, early, rest in order; a failing one halts at canary; abort brings it back")
    func goodThenFailing() async throws {
        let names = (1...9).map { "c\($0)" }
        try await FleetHarness.with(names, options: Self.options) { fleet, session in
            var kubeconfig = ""
            for (wave, clusters) in Self.waves.sorted(by: { $0.key < $1.key }) {
                kubeconfig = try await FleetHarness.register(clusters, of: fleet, in: session, ["-l", "wave=\(wave)"])
            }
            let repo = try await FleetHarness.gitops(["web/web.yaml": Self.manifests(image: "nginx:1.27")], in: session)
            defer { repo.folder.remove() }
            let good = try await repo.commit("good")
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet(steps: Self.threeSteps))

            let first = try await session.run(["sync", fleetFile])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            #expect(first.standardError.contains("rollout web: step 1/3 (wave=canary): 3 targets, 3 to sync"))
            #expect(first.standardError.contains("rollout web: completed: \(good.prefix(12))"))
            let history = try Self.history(session, clusters: names)
            func span(_ wave: String) throws -> (start: Date, end: Date) {
                let entries = history.filter { Self.waves[wave]!.contains($0.cluster) }
                #expect(entries.count == 3)
                return (
                    try #require(entries.map(\.startedAt).min()), try #require(entries.map(\.finishedAt).max())
                )
            }
            let (canary, early, rest) = (try span("canary"), try span("early"), try span("rest"))
            #expect(canary.end.addingTimeInterval(1) <= early.start, "early opens after canary is Healthy and baked 1s")
            #expect(early.end.addingTimeInterval(1) <= rest.start, "rest opens after early is Healthy and baked 1s")

            try repo.write("web/web.yaml", Self.manifests(image: "nginx:fail"))
            let failing = try await repo.commit("failing image")
            let second = try await session.run(["sync", fleetFile])
            #expect(second.status == 1, "\(second.standardOutput)\(second.standardError)")
            #expect(second.standardError.contains("rollout web: halted at step 1/3: web-c1@c1 Degraded"))
            #expect(second.standardOutput.contains("Application web-c9 on cluster c9: held back by rollout web"))
            #expect(second.standardOutput.contains("; 6 held back by rollouts\n"), "the summary counts them apart")
            for cluster in ["c4", "c5", "c6", "c7", "c8", "c9"] {
                #expect(
                    try await Self.image(kubeconfig, cluster, session) == "nginx:1.27", "\(cluster) kept its revision")
            }
            #expect(try await Self.image(kubeconfig, "c1", session) == "nginx:fail")

            let status = try await session.run(["rollout", "status", "web", fleetFile])
            #expect(status.status == 1)
            #expect(status.standardOutput.contains("Rollout web: halted at step 1/3, revision \(failing.prefix(12))"))
            #expect(status.standardOutput.contains("Halted by web-c1@c1: Degraded"), "\(status.standardOutput)")
            let json = try JSONReader.parse(
                try await session.run(["rollout", "status", "web", fleetFile, "-o", "json"]).standardOutput)
            #expect(json["state"] == "halted")
            #expect(json["haltedTarget"] == "web-c1@c1")
            #expect(json["lastHealthyRevision"] == .string(good))
            #expect(
                json["steps"]?.arrayValue?.map { $0["state"] } == ["halted", "waiting", "waiting"],
                "each step's state as the dashboard's rollout page gives it")
            let overview = try await session.run(["status"])
            #expect(overview.standardError.contains("Rollout web: halted at step 1/3: web-c1@c1 Degraded"))

            let abort = try await session.run(["rollout", "abort", "web", fleetFile])
            #expect(abort.status == 0, "\(abort.standardOutput)\(abort.standardError)")
            #expect(abort.standardOutput.contains("Rollout web aborted: 3 targets back at \(good.prefix(12))"))
            for cluster in ["c1", "c2", "c3"] {
                #expect(try await Self.image(kubeconfig, cluster, session) == "nginx:1.27", "\(cluster) is back")
            }
            let rollback = try await session.run(["history", "web-c1"])
            let newest = try #require(rollback.standardOutput.split(separator: "\n").dropFirst().first)
            #expect(newest.hasSuffix("rollback to \(good.prefix(12))"), "\(rollback.standardOutput)")
            let aborted = try JSONReader.parse(
                try await session.run(["rollout", "status", "web", fleetFile, "-o", "json"]).standardOutput)
            #expect(aborted["state"] == "aborted")

            // The aborted revision is not synced again by a plain sync.
            let again = try await session.run(["sync", fleetFile])
            #expect(again.status == 1)
            #expect(again.standardError.contains("was aborted"))
            #expect(try await Self.image(kubeconfig, "c1", session) == "nginx:1.27")
        }
    }

    @Test("maxUpdate 1 on a step of three clusters syncs them one at a time")
    func oneAtATime() async throws {
        let names = ["c1", "c2", "c3"]
        try await FleetHarness.with(names, options: Self.options) { fleet, session in
            try await FleetHarness.register(names, of: fleet, in: session, ["-l", "wave=canary"])
            let repo = try await FleetHarness.gitops(["web/web.yaml": Self.manifests(image: "nginx:1.27")], in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write(
                "fleet.yaml",
                Self.fleet(
                    steps: "      - matchExpressions: [{key: wave, operator: In, values: [canary]}]\n"
                        + "        maxUpdate: 1"))
            let sync = try await session.run(["sync", fleetFile])
            #expect(sync.status == 0, "\(sync.standardOutput)\(sync.standardError)")
            #expect(sync.standardError.contains("3 targets, 3 to sync, 1 at a time"))
            let entries = try Self.history(session, clusters: names).sorted { $0.startedAt < $1.startedAt }
            #expect(entries.count == 3)
            for (earlier, later) in zip(entries, entries.dropFirst()) {
                #expect(earlier.finishedAt <= later.startedAt, "\(earlier.cluster) then \(later.cluster)")
            }

            let unknown = try await session.run(["rollout", "status", "api", fleetFile])
            #expect(unknown.status == 2)
            #expect(
                unknown.standardError.contains(
                    "ApplicationSet api has no RollingSync strategy in the fleet files (those with one: web)"),
                "\(unknown.standardError)")
            let completed = try await session.run(["rollout", "abort", "web", fleetFile])
            #expect(completed.status == 1)
            #expect(completed.standardError.contains("the rollout of web is completed: there is nothing to abort"))
            let resumed = try await session.run(["rollout", "resume", "web", fleetFile])
            #expect(resumed.status == 0, "\(resumed.standardOutput)\(resumed.standardError)")
            #expect(resumed.standardError.contains("3 targets, 0 to sync"), "a completed rollout passes through")
        }
    }
}
