import FleetModel
import Testing

@Suite("Notifications documents")
struct NotificationsDocumentTests {
    static let document = """
        apiVersion: flotilla.dev/v1alpha1
        kind: Notifications
        metadata: {name: web-team}
        spec:
          services:
            ops:
              webhook:
                url: $ops-hook
                body: {app: '<<application>>', where: 'on << cluster >>', event: '<<trigger>>', tags: [gitops]}
            chat: {slack: {url: $web-slack}}
          subscriptions:
          - triggers: [on-sync-failed, on-deployed]
            services: [ops, chat]
            selector: {applications: [web], clusters: [prod], labels: {matchLabels: {team: web}}}
          - triggers: [on-health-degraded]
            services: [ops]
        """

    private func decode(_ yaml: String) throws -> FleetDocument {
        let document = try #require(try YAMLLoader.load(yaml, file: "fleets/notify.yaml").first)
        return try FleetDocument(document: document)
    }

    @Test("services, subscriptions and selectors are read; URLs are secret names")
    func decodes() throws {
        guard case .notifications(let notifications) = try decode(Self.document) else {
            Issue.record("not a Notifications document")
            return
        }
        #expect(notifications.name == "web-team")
        #expect(notifications.services.map(\.name) == ["ops", "chat"])
        #expect(notifications.service(named: "ops")?.urlSecret == "ops-hook")
        #expect(notifications.service(named: "ops")?.urlLocation.description == "fleets/notify.yaml:8:14")
        #expect(notifications.service(named: "chat")?.kind == .slack)
        #expect(notifications.subscriptions.map(\.triggers) == [[.syncFailed, .deployed], [.healthDegraded]])
        let selector = notifications.subscriptions[0].selector
        #expect(selector.matches(application: "web", cluster: "prod", labels: ["team": "web"]))
        #expect(!selector.matches(application: "web", cluster: "prod", labels: ["team": "api"]))
        #expect(!selector.matches(application: "web", cluster: "staging", labels: ["team": "web"]))
        #expect(!selector.matches(application: "api", cluster: "prod", labels: ["team": "web"]))
        #expect(notifications.subscriptions[1].selector.matches(application: "any", cluster: "any", labels: [:]))
    }

    @Test(
        "mistakes name the file, line and field",
        arguments: [
            (
                "url: $ops-hook", "url: https://hooks.example.com/x", "fleets/notify.yaml:8:14",
                "spec.services.ops.webhook.url: must name a secret of serve's --notification-secret-file as $name"
            ),
            (
                "[on-sync-failed, on-deployed]", "[on-sync-failed, on-deploy]", "fleets/notify.yaml:12:32",
                "unknown trigger \"on-deploy\""
            ),
            (
                "services: [ops, chat]", "services: [ops, pager]", "fleets/notify.yaml:13:21",
                "no service \"pager\" in spec.services (defined: ops, chat)"
            ),
            (
                "event: '<<trigger>>'", "event: '<<commit>>'", "fleets/notify.yaml:9:",
                "spec.services.ops.webhook.body.event: unknown field <<commit>>"
            ),
            (
                "chat: {slack: {url: $web-slack}}", "chat: {slack: {url: $web-slack}, webhook: {url: $x}}",
                "fleets/notify.yaml:", "spec.services.chat: must hold exactly one of webhook, slack"
            ),
            (
                "chat: {slack: {url: $web-slack}}", "chat: {slack: {url: '$web/../slack'}}", "fleets/notify.yaml:10:25",
                "is not a secret name"
            ),
            (
                "selector: {applications: [web]", "selector: {apps: [web]", "fleets/notify.yaml:14:22",
                "spec.subscriptions[0].selector.apps: unknown field"
            ),
        ])
    func errors(replacing: String, with replacement: String, location: String, message: String) throws {
        let yaml = Self.document.replacingOccurrences(of: replacing, with: replacement)
        #expect(yaml != Self.document)
        do {
            _ = try decode(yaml)
            Issue.record("decoded without error")
        } catch {
            let text = error.localizedDescription
            #expect(text.hasPrefix(location), "\(text)")
            #expect(text.contains(message), "\(text)")
        }
    }

    @Test("a body template over the size limit is refused")
    func hugeTemplate() throws {
        let big = String(repeating: "x", count: NotificationTemplate.maximumSize)
        let yaml = Self.document.replacingOccurrences(of: "tags: [gitops]", with: "tags: [\(big)]")
        #expect(throws: FleetModelError.self) { try decode(yaml) }
        do {
            _ = try decode(yaml)
        } catch {
            #expect(error.localizedDescription.contains("a body template may have 16384"))
        }
    }

    @Test("one document may declare at most 32 services: one change is never thousands of requests")
    func tooManyServices() throws {
        let many = (0...Notifications.maximumServices).map { "s\($0): {slack: {url: $web-slack}}" }
        let yaml = Self.document.replacingOccurrences(
            of: "chat: {slack: {url: $web-slack}}", with: many.joined(separator: "\n    "))
        do {
            _ = try decode(yaml)
            Issue.record("decoded without error")
        } catch {
            #expect(
                error.localizedDescription.hasPrefix(
                    "fleets/notify.yaml:6:5: spec.services: has 34 services; a document may have 32"),
                "\(error.localizedDescription)")
        }
    }

    @Test("rendering substitutes fields inside strings only: a hostile value stays one string")
    func renderingEscapes() throws {
        guard case .notifications(let notifications) = try decode(Self.document),
            case .webhook(let template)? = notifications.service(named: "ops")?.kind
        else {
            Issue.record("no webhook")
            return
        }
        let hostile = #"x", "admin": true, "y": "<<cluster>>"#
        let rendered = NotificationTemplate.render(template, fields: [.application: hostile, .cluster: "prod"])
        #expect(rendered["app"] == .string(hostile))
        #expect(rendered["where"] == "on prod")
        #expect(rendered["event"] == "")
        #expect(rendered["tags"] == ["gitops"])
        #expect(rendered.objectValue?.keys == ["app", "where", "event", "tags"])
        let json = JSONWriter.compact(rendered)
        #expect(json.contains(#""app":"x\", \"admin\": true, \"y\": \"<<cluster>>""#), "\(json)")
    }
}
