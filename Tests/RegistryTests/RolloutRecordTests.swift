import FleetTesting
import Foundation
import GRDB
import Testing

@testable import Registry

@Suite("Rollout records in the registry (migrations v8-rollouts, v10-rollout-revisions)")
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
            applicationSet: "api", revision: nil, revisions: ["api-a@a": "aaaa", "api-b@b": "bbbb"], digest: "d2",
            lastHealthyRevision: nil, lastHealthyRevisions: ["api-a@a": "aaa0"], step: 2, stepCount: 4,
            state: .paused, startedAt: started, updatedAt: started, pausedUntil: started.addingTimeInterval(300))
        try registry.saveRollout(other)

        let reopened = try #require(try Registry.open(home: home, environment: [:], create: false))
        #expect(try reopened.rollout(of: "web") == record)
        #expect(try reopened.rollouts() == [other, record], "one row per ApplicationSet, by name")
        #expect(other.revision(of: "api-b@b") == "bbbb" && other.lastHealthyRevision(of: "api-b@b") == nil)
        #expect(RolloutRecord.text(of: other.revision, among: other.revisions) == "2 revisions")
        #expect(RolloutRecord.State.allCases.filter(\.isActive) == [.progressing, .paused, .halted])
    }

    @Test("the migration v10-rollout-revisions comes right after v9-target-parent")
    func migrationOrder() {
        let names = RegistrySchema.migrator.migrations
        let index = names.firstIndex(of: "v10-rollout-revisions")
        #expect(index != nil && names[(index ?? 0) - 1] == "v9-target-parent")
    }

    @Test("a rollout recorded before per-target revisions reads as before: its one revision for every target")
    func rowsBeforeTheMigration() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let home = FlotillaHome(path: folder.path + "/home")
        try home.ensureExists()
        let queue = try DatabaseQueue(path: home.databasePath)
        try RegistrySchema.migrator.migrate(queue, upTo: "v9-target-parent")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO rollout (applicationSet, revision, digest, lastHealthyRevision, step, stepCount, state,
                        startedAt, updatedAt) VALUES ('web', 'new', 'd1', 'old', 1, 3, 'halted', ?, ?)
                    """,
                arguments: [Date(timeIntervalSince1970: 1_800_000_000), Date(timeIntervalSince1970: 1_800_000_090)])
        }
        try queue.close()

        let registry = try #require(try Registry.open(home: home, environment: [:], create: false))
        let record = try #require(try registry.rollout(of: "web"))
        #expect(record.revisions.isEmpty && record.lastHealthyRevisions.isEmpty)
        #expect(record.revision(of: "web-c1@c1") == "new" && record.lastHealthyRevision(of: "web-c9@c9") == "old")
        #expect(record.state == .halted && record.step == 1 && record.revisionCount == 1)
        #expect(RolloutRecord.text(of: record.revision, among: record.revisions, length: 2) == "ne")
    }
}
