import Foundation
import Registry
import Testing

@Suite("Rollout records in the registry (migration v8-rollouts)")
struct RolloutRecordTests {
    @Test("a rollout is saved, read back field for field, replaced per ApplicationSet, and kept across opening")
    func roundTrip() throws {
        try withTemporaryRegistry { registry, folder in
            try roundTrip(registry, home: FlotillaHome(path: folder.path + "/home"))
        }
    }

    private func roundTrip(_ registry: Registry, home: FlotillaHome) throws {
        #expect(try registry.rollout(of: "web") == nil)
        let started = Date(timeIntervalSince1970: 1_800_000_000)
        var record = RolloutRecord(
            applicationSet: "web", revision: "0123456789abcdef0123456789abcdef01234567", digest: "d1",
            lastHealthyRevision: "fedcba9876543210fedcba9876543210fedcba98", step: 0, stepCount: 3, state: .progressing,
            startedAt: started, updatedAt: started)
        try registry.saveRollout(record)
        record.step = 1
        record.state = .halted
        record.haltedTarget = "web-c4@c4"
        record.haltReason = "Degraded: Deployment \"web\" exceeded its progress deadline"
        record.updatedAt = started.addingTimeInterval(90)
        try registry.saveRollout(record)
        let other = RolloutRecord(
            applicationSet: "api", revision: nil, digest: "d2", lastHealthyRevision: nil, step: 2, stepCount: 4,
            state: .paused, startedAt: started, updatedAt: started, pausedUntil: started.addingTimeInterval(300))
        try registry.saveRollout(other)

        let reopened = try #require(try Registry.open(home: home, environment: [:], create: false))
        #expect(try reopened.rollout(of: "web") == record)
        #expect(try reopened.rollouts() == [other, record], "one row per ApplicationSet, by name")
        #expect(RolloutRecord.State.allCases.filter(\.isActive) == [.progressing, .paused, .halted])
    }
}
