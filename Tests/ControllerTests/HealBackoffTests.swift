import Controller
import Testing

@Suite("Self-heal backoff: 2 s, ×3, capped at 5 minutes")
struct HealBackoffTests {
    @Test("waits grow ×3 from 2 s and stop at the cap")
    func growth() {
        let backoff = HealBackoff()
        #expect(
            (0..<7).map { backoff.delay(afterUndoneHeals: $0) } == [2, 6, 18, 54, 162, 300, 300].map(Duration.seconds))
    }

    @Test("a factor below one never shrinks the wait")
    func factorFloor() {
        #expect(HealBackoff(factor: 0).delay(afterUndoneHeals: 3) == .seconds(2))
    }
}
