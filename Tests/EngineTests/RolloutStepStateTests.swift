import Engine
import Foundation
import Registry
import Testing

@Suite("Where each step of a rollout stands")
struct RolloutStepStateTests {
    static func record(_ state: RolloutRecord.State, step: Int, of count: Int = 3) -> RolloutRecord {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        return RolloutRecord(
            applicationSet: "web", revision: "def", digest: "d", lastHealthyRevision: "abc", step: step,
            stepCount: count, state: state, startedAt: at, updatedAt: at)
    }

    @Test("not started: every step waits; completed: every step is done")
    func endpoints() {
        #expect(RolloutStepState.of(stepCount: 3, record: nil) == [.waiting, .waiting, .waiting])
        #expect(RolloutStepState.of(stepCount: 3, record: Self.record(.completed, step: 2)) == [.done, .done, .done])
        #expect(RolloutStepState.of(stepCount: 0, record: Self.record(.progressing, step: 0)) == [])
        let changed = Self.record(.halted, step: 2)
        #expect(
            RolloutStepState.of(stepCount: 3, record: changed, planDigest: changed.digest + "-changed")
                == [.current, .waiting, .waiting], "a changed plan starts over at its first step")
    }

    @Test("under way or baking: the steps before are done, the current one is current, the rest wait")
    func active() {
        #expect(
            RolloutStepState.of(stepCount: 3, record: Self.record(.progressing, step: 1)) == [
                .done, .current, .waiting,
            ])
        #expect(
            RolloutStepState.of(stepCount: 3, record: Self.record(.paused, step: 0)) == [.current, .waiting, .waiting])
    }

    @Test("halted: the step it stopped at is halted; aborted: the steps it reached went back and wait again")
    func stopped() {
        #expect(
            RolloutStepState.of(stepCount: 3, record: Self.record(.halted, step: 0)) == [.halted, .waiting, .waiting])
        #expect(RolloutStepState.of(stepCount: 3, record: Self.record(.halted, step: 2)) == [.done, .done, .halted])
        #expect(
            RolloutStepState.of(stepCount: 3, record: Self.record(.aborted, step: 1)) == [.waiting, .halted, .waiting])
    }

    @Test("a record of a longer plan than today's stands at the last step")
    func shorterPlan() {
        #expect(RolloutStepState.of(stepCount: 2, record: Self.record(.halted, step: 4, of: 5)) == [.done, .halted])
    }
}
