import FleetModel
import Foundation
import Registry
import Testing

@testable import FleetServer

@Suite("A rollout as /api/v1/rollouts shows it, targets at different commits")
struct RolloutDocumentTests {
    @Test("targets at different commits: revision null, each target's commit and last healthy one by app@cluster")
    func perTargetRevisions() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let record = RolloutRecord(
            applicationSet: "web", revision: nil, revisions: ["web@a": "a2", "web@b": "b1"], digest: "d",
            lastHealthyRevision: nil, lastHealthyRevisions: ["web@a": "a1", "web@b": "b1"], step: 0, stepCount: 2,
            state: .halted, startedAt: at, updatedAt: at)
        let document = RolloutRoutes.document(record)
        #expect(document["revision"] == .null && document["lastHealthyRevision"] == .null)
        #expect(document["revisions"] == ["web@a": "a2", "web@b": "b1"])
        #expect(document["lastHealthyRevisions"] == ["web@a": "a1", "web@b": "b1"])
        #expect(document["state"] == "halted" && document["step"] == 1, "the existing fields are kept")
    }

    @Test("a rollout recorded before per-target commits: its one revision, empty maps")
    func singleRevision() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let record = RolloutRecord(
            applicationSet: "web", revision: "abc", digest: "d", lastHealthyRevision: "old", step: 1, stepCount: 2,
            state: .progressing, startedAt: at, updatedAt: at)
        let document = RolloutRoutes.document(record)
        #expect(document["revision"] == "abc" && document["lastHealthyRevision"] == "old")
        #expect(document["revisions"] == .object([:]) && document["lastHealthyRevisions"] == .object([:]))
    }
}
