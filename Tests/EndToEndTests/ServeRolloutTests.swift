import FleetModel
import FleetTesting
import Foundation
import Registry
import Sandbox
import Testing

/// `flotilla serve` follows rollout steps (issue 18): automated Applications of an
/// ApplicationSet with a RollingSync strategy wait for their step; a failing commit halts at
/// the canary, the other clusters keep their revision; a person aborts it in the dashboard
/// (canary goes back), a restarted serve keeps the abort, and Resume through the API tries
/// the commit again.
@Suite("flotilla serve gates automated sync by rollout step")
struct ServeRolloutTests {
    static let steps = [
        "      - matchExpressions: [{key: wave, operator: In, values: [canary]}]",
        "      - matchExpressions: [{key: wave, operator: In, values: [rest]}]",
    ].joined(separator: "\n")

    /// The state of rollout `web` through the API (nil before it is recorded).
    static func rollout(_ serve: ServeProcess, token: String) async throws -> JSONValue? {
        let answer = try await ServeApiTests.call(serve, "/api/v1/rollouts", token: token)
        return answer.document["items"]?.arrayValue?.first { $0["applicationSet"] == "web" }
    }

    /// POSTs `action` of rollout `web`, again while a run of one of its targets answers 409 (a
    /// cycle compares them every 2 s).
    static func act(_ action: String, _ serve: ServeProcess, token: String) async throws -> JSONValue {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(60))
        while true {
            let answer = try await ServeApiTests.call(
                serve, "/api/v1/rollouts/web/\(action)", token: token, method: "POST")
            let busy =
                answer.status == 409 && answer.document["error"]?["message"]?.stringValue?.contains("running") == true
            if !busy || clock.now >= end {
                #expect(answer.status == 200, "\(answer.document)")
                return answer.document
            }
            try await Task.sleep(for: .milliseconds(300))
        }
    }

    @Test("a good commit reaches every cluster; a failing one halts at canary; Abort in the dashboard brings it back")
    func gate() async throws {
        let names = ["s1", "s2", "s3"]
        try await FleetHarness.with(names, options: RolloutTests.options) { fleet, session in
            _ = try await FleetHarness.register(["s1"], of: fleet, in: session, ["-l", "wave=canary"])
            let kubeconfig = try await FleetHarness.register(
                ["s2", "s3"], of: fleet, in: session, ["-l", "wave=rest"])
            let repo = try await FleetHarness.gitops(
                ["web/web.yaml": RolloutTests.manifests(image: "nginx:1.27")], in: session)
            defer { repo.folder.remove() }
            _ = try session.folder.write("fleet.yaml", RolloutTests.fleet(steps: Self.steps))
            let token = try await ServeApiTests.token("viewer", role: "viewer", session)
            let operatorToken = try await ServeApiTests.token("operator", role: "operator", session)

            let serve = try ServeProcess(session, ["fleet.yaml", "--interval", "2s"])
            try await serve.waitUntilReady(within: .seconds(90))
            try await ServeProcess.poll("the first rollout to complete", within: .seconds(60)) {
                try await Self.rollout(serve, token: token)?["state"] == "completed"
            }
            for cluster in names {
                #expect(try await RolloutTests.image(kubeconfig, cluster, session) == "nginx:1.27")
            }
            let good = try #require(try await Self.rollout(serve, token: token)?["revision"]?.stringValue)

            try repo.write("web/web.yaml", RolloutTests.manifests(image: "nginx:fail"))
            let failing = try await repo.commit("failing image")
            try await ServeProcess.poll("the rollout of the failing commit to halt", within: .seconds(90)) {
                let rollout = try await Self.rollout(serve, token: token)
                return rollout?["state"] == "halted" && rollout?["revision"] == .string(failing)
            }
            let halted = try #require(try await Self.rollout(serve, token: token))
            #expect(halted["haltedTarget"] == "web-s1@s1")
            #expect(halted["haltReason"]?.stringValue?.hasPrefix("Degraded") == true, "\(halted)")
            #expect(try await RolloutTests.image(kubeconfig, "s1", session) == "nginx:fail")
            try await Task.sleep(for: .seconds(3))  // more cycles: the gate holds
            for cluster in ["s2", "s3"] {
                #expect(try await RolloutTests.image(kubeconfig, cluster, session) == "nginx:1.27", "\(cluster)")
            }
            let detail = try await ServeApiTests.call(serve, "/api/v1/rollouts/web", token: token)
            let steps = detail.document["steps"]?.arrayValue ?? []
            #expect(steps.map { $0["state"] } == ["halted", "waiting"], "\(detail.document)")
            #expect(
                steps.last?["targets"]?.arrayValue?.map { $0["lastSyncRevision"] } == [.string(good), .string(good)],
                "the later step keeps the good commit")
            let status = try await session.run(["status"])
            #expect(status.standardError.contains("Rollout web: halted at step 1/2: web-s1@s1 Degraded"))

            // A halt reason is an object's status message (a hostile one may be HTML): shown as text.
            let hostileReason = "Degraded: " + DashboardBrowserTests.hostileName
            let update = try await CommandLineTool.run(
                "sqlite3",
                [
                    session.home + "/flotilla.db",
                    "UPDATE rollout SET haltReason = '\(hostileReason)' WHERE applicationSet = 'web'",
                ])
            #expect(update.status == 0, "\(update.standardError)")

            // The viewer sees the halt with its buttons disabled, and on the rollout's page step 1
            // halted on the Degraded canary, step 2 waiting at the good commit; the operator
            // clicks Abort.
            let page = try await CommandLineTool.run(
                "python3",
                [
                    Fixtures.repositoryRoot() + "/Tests/Browser/rollout_banner.py", "--url",
                    try #require(serve.address),
                    "--expect", "Rollout web: halted at step 1/2", "--expect", "web-s1@s1 Degraded",
                    "--step", "1=halted", "--step", "2=waiting", "--target", "1:web-s1@s1:Degraded:\(failing)",
                    "--target", "2:web-s2@s2:Healthy:\(good)", "--target", "2:web-s3@s3:Healthy:\(good)",
                    "--xss-reason", hostileReason, "--abort", "web",
                ], environment: ["DASHBOARD_VIEWER_TOKEN": token, "DASHBOARD_OPERATOR_TOKEN": operatorToken])
            #expect(
                page.status == 0 && page.standardOutput.hasSuffix("PASS\n"),
                "\(page.standardOutput)\(page.standardError)")
            #expect(try await RolloutTests.image(kubeconfig, "s1", session) == "nginx:1.27", "canary is back")
            #expect(try await Self.rollout(serve, token: token)?["state"] == "aborted")
            let rollback = try RolloutTests.history(session, clusters: ["s1"]).max { ($0.id ?? 0) < ($1.id ?? 0) }
            #expect(rollback?.initiatedBy == .token("operator"), "recorded as the operator's rollback")
            #expect(rollback?.message.hasPrefix("rollback to") == true, "\(String(describing: rollback))")
            try await Task.sleep(for: .seconds(3))  // more cycles: the aborted commit is not synced again
            for cluster in names {
                #expect(try await RolloutTests.image(kubeconfig, cluster, session) == "nginx:1.27", "\(cluster)")
            }
            #expect(serve.log.contains("rollout abort"), "the abort is logged")
            #expect(await serve.terminate() == 0, "\(serve.log)")

            let restarted = try ServeProcess(session, ["fleet.yaml", "--interval", "2s"])
            try await restarted.waitUntilReady(within: .seconds(90))
            #expect(
                try await Self.rollout(restarted, token: token)?["state"] == "aborted", "the abort is in the registry")
            for cluster in names {
                #expect(try await RolloutTests.image(kubeconfig, cluster, session) == "nginx:1.27", "\(cluster)")
            }
            let viewerResume = try await ServeApiTests.call(
                restarted, "/api/v1/rollouts/web/resume", token: token, method: "POST")
            #expect(viewerResume.status == 403)

            // Resume tries the failing commit again on canary: it halts there again.
            let resumed = try await Self.act("resume", restarted, token: operatorToken)
            #expect(resumed["rollout"]?["applicationSet"] == "web")
            #expect(try await RolloutTests.image(kubeconfig, "s1", session) == "nginx:fail")
            try await ServeProcess.poll("the resumed rollout to halt again", within: .seconds(90)) {
                try await Self.rollout(restarted, token: token)?["state"] == "halted"
            }
            for cluster in ["s2", "s3"] {
                #expect(try await RolloutTests.image(kubeconfig, cluster, session) == "nginx:1.27", "\(cluster)")
            }
            #expect(await restarted.terminate() == 0, "\(restarted.log)")
        }
    }
}
