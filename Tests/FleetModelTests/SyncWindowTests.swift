import FleetModel
import Foundation
import Testing

@Suite("Sync windows (Argo CD's Active, Matches and CanSync)")
struct SyncWindowTests {
    static func window(
        _ kind: SyncWindow.Kind, _ schedule: String, _ duration: String, timeZone: String? = nil,
        applications: [String] = ["*"], namespaces: [String] = [], clusters: [String] = [], manualSync: Bool = false,
        andOperator: Bool = false
    ) throws -> SyncWindow {
        var fields = [
            "kind: \(kind.rawValue)", "schedule: '\(schedule)'", "duration: \(duration)",
            "manualSync: \(manualSync)", "andOperator: \(andOperator)",
        ]
        if let timeZone { fields.append("timeZone: \(timeZone)") }
        if !applications.isEmpty {
            fields.append("applications: [\(applications.map { "'\($0)'" }.joined(separator: ", "))]")
        }
        if !namespaces.isEmpty {
            fields.append("namespaces: [\(namespaces.map { "'\($0)'" }.joined(separator: ", "))]")
        }
        if !clusters.isEmpty { fields.append("clusters: [\(clusters.map { "'\($0)'" }.joined(separator: ", "))]") }
        let document = try YAMLLoader.load(fields.joined(separator: "\n") + "\n", file: "window.yaml")[0]
        return try SyncWindow(reading: document.reader)
    }

    static let at = CronScheduleTests.at

    @Test(
        "active from just after the opening minute until just before the end",
        arguments: [
            ("2026-12-05T21:59:59Z", false),
            ("2026-12-05T22:00:00Z", false),  // Argo CD's strict comparison: the opening instant is outside
            ("2026-12-05T22:00:01Z", true),
            ("2026-12-05T22:59:59Z", true),
            ("2026-12-05T23:00:00Z", false),
        ])
    func boundaries(instant: String, active: Bool) throws {
        let window = try Self.window(.deny, "0 22 * * *", "1h")
        #expect(window.isActive(at: Self.at(instant)) == active)
    }

    @Test("a window that spans midnight is active after it")
    func overMidnight() throws {
        let window = try Self.window(.deny, "0 23 * * *", "2h")
        #expect(window.isActive(at: Self.at("2026-12-06T00:30:00Z")))
        #expect(!window.isActive(at: Self.at("2026-12-06T01:00:00Z")))
    }

    @Test("the schedule is read on the wall clock of timeZone")
    func timeZone() throws {
        // 22:00 in Berlin is 21:00 UTC in winter.
        let window = try Self.window(.deny, "0 22 * * *", "1h", timeZone: "Europe/Berlin")
        #expect(window.isActive(at: Self.at("2026-12-05T21:30:00Z")))
        #expect(!window.isActive(at: Self.at("2026-12-05T22:30:00Z")))
        #expect(window.closes(openAt: Self.at("2026-12-05T21:30:00Z")) == Self.at("2026-12-05T22:00:00Z"))
        // In summer Berlin is two hours ahead.
        #expect(window.isActive(at: Self.at("2026-07-05T20:30:00Z")))
    }

    @Test("an unknown time zone, a bad schedule or duration is an error at its line")
    func decodingErrors() throws {
        for (text, message) in [
            ("kind: deny\nschedule: '* * * *'\nduration: 1h\n", "window.yaml:2:11: schedule: invalid cron schedule"),
            ("kind: deny\nschedule: '* * * * *'\nduration: 1d\n", "window.yaml:3:11: duration: invalid duration"),
            ("kind: deny\nschedule: '* * * * *'\nduration: 1h\ntimeZone: Mars/Olympus\n", "unknown time zone"),
            (
                "kind: maybe\nschedule: '* * * * *'\nduration: 1h\n",
                "window.yaml:1:7: kind: must be \"allow\" or \"deny\""
            ),
        ] {
            let document = try YAMLLoader.load(text, file: "window.yaml")[0]
            #expect {
                _ = try SyncWindow(reading: document.reader)
            } throws: { error in
                "\(error)".contains(message)
            }
        }
    }

    @Test("selectors: applications, namespaces and clusters (name or server), any of them or all with andOperator")
    func selectors() throws {
        let destination = ApplicationDestination(name: "prod", server: "https://prod.example.com", namespace: "web")
        #expect(
            try Self.window(.deny, "* * * * *", "1h", applications: ["web-*"]).applies(
                toApplication: "web-eu", destination: destination))
        #expect(
            !(try Self.window(.deny, "* * * * *", "1h", applications: ["db-*"]).applies(
                toApplication: "web-eu", destination: destination)))
        #expect(
            try Self.window(.deny, "* * * * *", "1h", applications: [], namespaces: ["w*"]).applies(
                toApplication: "x", destination: destination))
        #expect(
            try Self.window(.deny, "* * * * *", "1h", applications: [], clusters: ["prod"]).applies(
                toApplication: "x", destination: destination))
        #expect(
            try Self.window(.deny, "* * * * *", "1h", applications: [], clusters: ["https://*.example.com"]).applies(
                toApplication: "x", destination: destination))
        #expect(
            !(try Self.window(.deny, "* * * * *", "1h", applications: []).applies(
                toApplication: "x", destination: destination)))
        let either = try Self.window(.deny, "* * * * *", "1h", applications: ["db"], namespaces: ["web"])
        #expect(either.applies(toApplication: "x", destination: destination))
        let both = try Self.window(
            .deny, "* * * * *", "1h", applications: ["db"], namespaces: ["web"], andOperator: true)
        #expect(!both.applies(toApplication: "x", destination: destination))
        #expect(both.applies(toApplication: "db", destination: destination))
    }

    @Test("CanSync: deny beats allow; manualSync lets a person through; allow windows shut when closed")
    func canSync() throws {
        let night = Self.at("2026-12-05T22:30:00Z")
        let noon = Self.at("2026-12-05T12:30:00Z")
        let deny = try Self.window(.deny, "0 22 * * *", "1h")
        let denyManual = try Self.window(.deny, "0 22 * * *", "1h", manualSync: true)
        let allow = try Self.window(.allow, "0 12 * * *", "1h")
        let allowManual = try Self.window(.allow, "0 12 * * *", "1h", manualSync: true)

        #expect(SyncWindows([]).canSync(at: night, manual: false))
        #expect(!SyncWindows([deny]).canSync(at: night, manual: false))
        #expect(!SyncWindows([deny]).canSync(at: night, manual: true))
        #expect(SyncWindows([denyManual]).canSync(at: night, manual: true))
        #expect(!SyncWindows([denyManual, deny]).canSync(at: night, manual: true))  // every active deny must allow it
        #expect(SyncWindows([deny]).canSync(at: noon, manual: false))
        #expect(SyncWindows([allow]).canSync(at: noon, manual: false))
        #expect(!SyncWindows([allow]).canSync(at: night, manual: false))
        #expect(!SyncWindows([allow]).canSync(at: night, manual: true))
        #expect(SyncWindows([allowManual]).canSync(at: night, manual: true))
        #expect(!SyncWindows([allow, try Self.window(.deny, "0 12 * * *", "1h")]).canSync(at: noon, manual: false))
    }

    @Test("a hostile window (firing every second, open for years) is judged in bounded steps: no end in sight")
    func hostileWindow() throws {
        let windows = SyncWindows([try Self.window(.deny, "@every 1s", "87600h")])
        let block = try #require(windows.block(at: Self.at("2026-12-05T22:30:00Z"), manual: false))
        #expect(block.until == nil)
    }

    @Test("a block says which window and until when")
    func until() throws {
        let night = Self.at("2026-12-05T22:30:00Z")
        let block = try #require(
            SyncWindows([try Self.window(.deny, "0 22 * * *", "1h")]).block(at: night, manual: false))
        #expect(block.until == Self.at("2026-12-05T23:00:00Z"))
        #expect(block.description == "the deny window \"0 22 * * *\" for 1h is open until 2026-12-05T23:00:00Z")

        let allow = try #require(
            SyncWindows([try Self.window(.allow, "0 12 * * *", "1h")]).block(at: night, manual: false))
        #expect(allow.until == Self.at("2026-12-06T12:00:01Z"))
        #expect(allow.reason.hasPrefix("no allow window is open"))

        // Two overlapping deny windows: blocked until the later one ends.
        let overlapping = SyncWindows([
            try Self.window(.deny, "0 22 * * *", "1h"), try Self.window(.deny, "30 22 * * *", "1h"),
        ])
        #expect(
            overlapping.block(at: Self.at("2026-12-05T22:45:00Z"), manual: false)?.until
                == Self.at("2026-12-05T23:30:00Z"))

        let always = SyncWindows([try Self.window(.deny, "* * * * *", "1h")])
        let endless = try #require(always.block(at: night, manual: false))
        #expect(endless.until == nil)
        #expect(endless.description.hasSuffix("with no end in sight"))
    }
}
