import FleetModel
import Foundation
import Reconcile
import Testing

/// Argo CD's health rules, one fixture per case in `Fixtures/health/<kind>-<case>.yaml`: each file holds
/// the live object under `object` and the assessment it must get under `expect` (`status`, `message`).
@Suite("Health assessment")
struct HealthAssessorTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/health")

    /// The fixture file names, sorted.
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test("the fixtures are found")
    func fixturesFound() {
        #expect(Self.cases.count >= 35)
    }

    @Test("each object is assessed as Argo CD assesses it", arguments: cases)
    func fixture(_ name: String) throws {
        let documents = try YAMLLoader.load(
            contentsOf: Self.folder.appendingPathComponent(name), displayPath: "Fixtures/health/\(name)")
        let document = try #require(documents.first?.value, "\(name) is empty")
        let expect = try #require(document["expect"], "\(name) has no expect")
        let rawStatus = try #require(expect["status"]?.stringValue, "\(name) has no expect.status")
        let status = try #require(HealthStatus(rawValue: rawStatus), "\(name): no health state \(rawStatus)")
        let expected = HealthAssessment(status, expect["message"]?.stringValue ?? "")
        let object = try #require(document["object"], "\(name) has no object")
        #expect(HealthAssessor.assess(object) == expected)
    }

    @Test("an object that is not in the cluster is Missing")
    func missing() {
        #expect(HealthAssessor.assess(nil) == HealthAssessment(.missing))
        #expect(HealthAssessor.assess(.null) == HealthAssessment(.missing))
    }

    @Test("the states keep Argo CD's names and order, best first")
    func order() {
        let order: [HealthStatus] = [.healthy, .suspended, .progressing, .missing, .degraded, .unknown]
        #expect(HealthStatus.allCases == order)
        #expect(order.map(\.rawValue) == ["Healthy", "Suspended", "Progressing", "Missing", "Degraded", "Unknown"])
        #expect(order.reversed().sorted() == order)
        for (better, worse) in zip(order, order.dropFirst()) {
            #expect(better < worse)
            #expect(!(worse < better))
        }
    }

    struct Worst: Sendable, CustomTestStringConvertible {
        let assessments: [HealthAssessment]
        let expected: HealthAssessment
        var testDescription: String {
            assessments.isEmpty ? "none" : assessments.map(\.status.rawValue).joined(separator: ", ")
        }
    }

    static let worstCases: [Worst] = [
        Worst(assessments: [], expected: HealthAssessment(.healthy)),
        Worst(assessments: [HealthAssessment(.healthy, "fine")], expected: HealthAssessment(.healthy, "fine")),
        Worst(
            assessments: [HealthAssessment(.suspended, "paused"), HealthAssessment(.healthy)],
            expected: HealthAssessment(.suspended, "paused")),
        Worst(
            assessments: [
                HealthAssessment(.healthy), HealthAssessment(.progressing, "rolling out"),
                HealthAssessment(.degraded, "crash loop"), HealthAssessment(.suspended, "paused"),
            ],
            expected: HealthAssessment(.degraded, "crash loop")),
        Worst(
            assessments: [HealthAssessment(.progressing, "rolling out"), HealthAssessment(.missing, "not created")],
            expected: HealthAssessment(.missing, "not created")),
        Worst(
            assessments: [HealthAssessment(.missing), HealthAssessment(.degraded, "failed")],
            expected: HealthAssessment(.degraded, "failed")),
        Worst(
            assessments: [HealthAssessment(.unknown, "unreadable"), HealthAssessment(.degraded, "failed")],
            expected: HealthAssessment(.unknown, "unreadable")),
        Worst(
            assessments: [HealthAssessment(.progressing, "first"), HealthAssessment(.progressing, "second")],
            expected: HealthAssessment(.progressing, "first")),
    ]

    @Test("a group is as healthy as its worst member, with that member's message", arguments: worstCases)
    func worst(_ example: Worst) {
        #expect(HealthAssessment.worst(example.assessments) == example.expected)
    }
}
