import FleetModel
import FleetTesting
import Foundation
import Testing

@testable import Controller

@Suite("Notification bodies: the webhook's template and Slack's format (golden files)")
struct NotificationBodyTests {
    static let event = NotificationEvent(
        .syncFailed,
        fields: [
            .application: "web", .cluster: "prod", .project: "default", .applicationSet: "web-fleet",
            .syncStatus: "OutOfSync", .health: "Healthy", .healthMessage: "",
            .revision: "4f0c8a2d9e1b7c3a5f6e8d0b2a4c6e8f0a1b3c5d",
            .message: #"Deployment/web/web failed (spec.selector: Invalid value: "web2": field is immutable)"#,
            .trigger: "on-sync-failed", .time: "2025-12-05T02:00:00Z",
        ])

    static func pretty(_ bytes: [UInt8]) throws -> String {
        JSONWriter.pretty(try JSONReader.parse(bytes)) + "\n"
    }

    @Test("Slack: a line of text and an attachment coloured by trigger")
    func slack() throws {
        let body = try Self.pretty(NotificationBody.render(.slack, Self.event))
        let mismatch = Golden.mismatch(body, goldenAt: Fixtures.folder() + "/slack-on-sync-failed.json")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        #expect(NotificationBody.color(.deployed) != NotificationBody.color(.syncFailed))
    }

    @Test("a webhook without a body template gets every field")
    func defaultWebhook() throws {
        let body = try Self.pretty(NotificationBody.render(.webhook(body: Self.defaultTemplate()), Self.event))
        let mismatch = Golden.mismatch(body, goldenAt: Fixtures.folder() + "/webhook-default.json")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test("a long field is cut")
    func longField() {
        let long = String(repeating: "e", count: 10_000)
        #expect(NotificationEvent.bounded(long).count == NotificationEvent.maximumFieldLength)
        #expect(NotificationEvent.bounded("short") == "short")
    }

    /// The template of a webhook declared without `body`.
    static func defaultTemplate() throws -> JSONValue {
        let yaml = """
            apiVersion: flotilla.dev/v1alpha1
            kind: Notifications
            metadata: {name: n}
            spec:
              services: {hook: {webhook: {url: $hook}}}
              subscriptions: [{triggers: [on-deployed], services: [hook]}]
            """
        let document = try #require(try YAMLLoader.load(yaml, file: "n.yaml").first)
        let kind = try #require(try Notifications(document: document).services.first?.kind)
        guard case .webhook(let template) = kind else {
            Issue.record("not a webhook: \(kind)")
            return .null
        }
        return template
    }
}
