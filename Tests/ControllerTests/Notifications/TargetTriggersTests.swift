import FleetModel
import Testing

@testable import Controller
@testable import Engine
@testable import Reconcile

@Suite("Notification triggers: each state change once")
struct TargetTriggersTests {
    static func report(
        revision: String? = "a1", sync: Bool? = nil, status: SyncStatus = .synced, health: HealthStatus = .healthy,
        error: String = ""
    ) throws -> TargetReport {
        let documents = try YAMLLoader.load(
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web}
            spec:
              source: {repoURL: "https://git.example.com/gitops.git", path: web}
              destination: {name: prod, namespace: web}
            """, file: "web.yaml")
        let target = FleetTarget(
            application: try Application(reading: try #require(documents.first).reader), applicationSet: nil,
            baseDirectory: "/fleet", cluster: "prod", fleetFile: "/fleet/web.yaml")
        return TargetReport(
            target: target, comparison: Comparison(changes: [], hooks: [], revision: revision),
            sync: sync.map {
                SyncResult(
                    outcomes: [], succeeded: $0, message: $0 ? "" : "apply failed", health: HealthAssessment(health),
                    objectHealth: [:], attempts: 1)
            }, syncStatus: status, health: HealthAssessment(health), error: error, startedAt: ContinuousClock.now,
            duration: .milliseconds(5))
    }

    /// The triggers fired by each report in turn, starting with no memory of the target.
    static func fired(_ reports: [TargetReport]) -> [[NotificationTrigger]] {
        var state: TargetTriggers?
        return reports.map { report in
            let (fired, next) = TargetTriggers.fire(report, after: state)
            state = next
            return fired
        }
    }

    @Test("first sight is the baseline: states it is already in fire nothing, again and again")
    func baseline() throws {
        #expect(Self.fired([try Self.report(), try Self.report(), try Self.report()]) == [[], [], []])
        #expect(
            Self.fired([try Self.report(status: .outOfSync, health: .degraded), try Self.report(status: .outOfSync)])
                == [[], []])
    }

    @Test("a sync that ran fires at first sight; on-deployed once per revision")
    func deployedOncePerRevision() throws {
        let fired = Self.fired([
            try Self.report(sync: true), try Self.report(), try Self.report(revision: "b2", sync: true),
            try Self.report(revision: "b2"), try Self.report(revision: "b2", sync: true),
        ])
        #expect(
            fired == [
                [.syncSucceeded, .deployed], [], [.syncSucceeded, .deployed], [], [.syncSucceeded],
            ])
    }

    @Test("a failed sync fires once per failure; the OutOfSync it leaves fires once")
    func failures() throws {
        let fired = Self.fired([
            try Self.report(), try Self.report(revision: "b2", sync: false, status: .outOfSync),
            try Self.report(revision: "b2", status: .outOfSync),
            try Self.report(revision: "c3", sync: false, status: .outOfSync),
            try Self.report(revision: "d4", sync: true),
        ])
        #expect(fired == [[], [.syncFailed, .outOfSync], [], [.syncFailed], [.syncSucceeded, .deployed]])
    }

    @Test("a sync ending Progressing is announced when the target turns Healthy, once")
    func deployedWhenHealthy() throws {
        let fired = Self.fired([
            try Self.report(), try Self.report(revision: "b2", sync: true, health: .progressing),
            try Self.report(revision: "b2", health: .progressing), try Self.report(revision: "b2"),
            try Self.report(revision: "b2"),
        ])
        #expect(fired == [[], [.syncSucceeded], [], [.deployed], []])
    }

    @Test("Degraded and OutOfSync fire on the way in; an Unknown report in between changes nothing")
    func transitions() throws {
        let fired = Self.fired([
            try Self.report(), try Self.report(health: .degraded), try Self.report(health: .degraded),
            try Self.report(status: .unknown, health: .unknown, error: "cluster unreachable"),
            try Self.report(health: .degraded), try Self.report(), try Self.report(health: .degraded),
            try Self.report(status: .outOfSync), try Self.report(status: .unknown),
            try Self.report(status: .outOfSync),
        ])
        #expect(fired == [[], [.healthDegraded], [], [], [], [], [.healthDegraded], [.outOfSync], [], []])
    }

    @Test("a source without a commit: each successful sync that ends Healthy is a deployment")
    func noRevision() throws {
        let fired = Self.fired([
            try Self.report(revision: nil, sync: true), try Self.report(revision: nil),
            try Self.report(revision: nil, sync: true),
        ])
        #expect(fired == [[.syncSucceeded, .deployed], [], [.syncSucceeded, .deployed]])
    }
}
