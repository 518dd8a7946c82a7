import FleetModel
import Testing

@Suite("A duration written as Go writes it")
struct GoDurationTextTests {
    @Test(
        "whole units, fractions of a second and milliseconds, read back by parse",
        arguments: [
            (Duration.zero, "0s"), (.milliseconds(500), "500ms"), (.seconds(30), "30s"), (.milliseconds(1500), "1.5s"),
            (.seconds(90), "1m30s"), (.seconds(3600), "1h0m0s"), (.seconds(86_400), "24h0m0s"),
        ])
    func text(duration: Duration, expected: String) throws {
        #expect(GoDuration.text(of: duration) == expected)
        #expect(try GoDuration.parse(expected) == duration)
    }
}
