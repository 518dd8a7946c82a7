import FleetModel
import FleetTesting
import Foundation
import Registry
import Report
import Testing

@Suite("Status reports")
struct StatusReportTests {
    static let report = StatusReport(ReportFixtures.states)

    static let formats: [(name: String, render: @Sendable () -> String)] = [
        ("matrix.txt", { report.matrix(colour: false) }),
        ("matrix-colour.txt", { report.matrix(colour: true) }),
        ("wide.txt", { report.wide() }),
        ("status.json", { JSONWriter.pretty(report.document()) }),
        ("status.yaml", { YAMLWriter.document(report.document()) }),
        ("status.html", { StatusPage(report, generatedAt: ReportFixtures.clock).html() }),
        ("status.prom", { StatusMetrics(report).text() }),
    ]

    @Test("every format matches its golden file", arguments: formats.map(\.name))
    func golden(name: String) throws {
        let render = try #require(Self.formats.first { $0.name == name }).render
        let mismatch = Golden.mismatch(render(), goldenAt: Fixtures.folder() + "/" + name)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test("the READY count and the worst state roll up per row; the worst per cluster below")
    func rollUp() {
        let lines = Self.report.matrix(colour: false).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("APPLICATION") && lines[0].contains("prod-eu") && lines[0].hasSuffix("STATE"))
        #expect(lines.contains { $0.hasPrefix("cache ") && $0.contains("2/4") && $0.hasSuffix("Degraded") })
        #expect(lines.contains { $0.hasPrefix("monitoring ") && $0.contains("1/1") && $0.hasSuffix("Healthy") })
        #expect(lines.contains { $0.hasPrefix("monitoring-stack ") && $0.contains("1/3") && $0.hasSuffix("Unknown") })
        #expect(lines.contains { $0.hasPrefix("(worst)") && $0.contains("?") })
        #expect(!Self.report.allGood)
        #expect(StatusReport(ReportFixtures.states.filter { $0.cluster == "dev" }).allGood)
    }

    @Test("a child Application's row is under its parent's row; the JSON names the parent")
    func childrenUnderTheirParent() throws {
        var child = ReportFixtures.state("guestbook", "staging", set: nil)
        child.parent = "root@prod"
        var grandchild = ReportFixtures.state("guestbook-db", "staging", set: "databases", health: .degraded)
        grandchild.parent = "guestbook@staging"
        var orphan = ReportFixtures.state("lonely", "prod", set: nil)
        orphan.parent = "gone@prod"
        let report = StatusReport([
            grandchild, child, ReportFixtures.state("root", "prod", set: nil), orphan,
            ReportFixtures.state("root-extra", "prod", set: nil),
        ])
        let rows = report.matrix(colour: false).split(separator: "\n").map { $0.components(separatedBy: "   ")[0] }
        #expect(
            Array(rows.prefix(6)) == [
                "APPLICATION", "gone › lonely", "root", "root › guestbook", "root › guestbook › databases",
                "root-extra",
            ])
        let items = report.document()["items"]?.arrayValue ?? []
        #expect(items.first?["parent"] == .string("guestbook@staging"))
        #expect(items.last?["parent"] == nil)
    }

    @Test("the page is self-contained and escapes what it shows")
    func selfContained() {
        let page = StatusPage(Self.report, generatedAt: ReportFixtures.clock).html()
        for external in ["http://", "https://", "src=", "href=", "@import"] {
            #expect(!page.contains(external), "the page refers to something outside itself: \(external)")
        }
        #expect(page.contains("connection refused &lt;10.0.0.7:6443&gt;"))
        #expect(page.contains(#"connection refused \u003c10.0.0.7:6443>"#), "the embedded JSON cannot close its script")
        #expect(
            page.contains("12 targets on 4 clusters · 7 Healthy · 1 Progressing · 1 OutOfSync · 2 Degraded · 1 Unknown")
        )
    }
}
