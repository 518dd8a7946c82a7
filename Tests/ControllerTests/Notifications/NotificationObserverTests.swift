import FleetModel
import FleetTesting
import Foundation
import Testing

@testable import Controller

@Suite("Notifications of the controller: the fleet's documents, once per change, never in the way")
struct NotificationObserverTests {
    static func document(services: String = "hook: {webhook: {url: $hook}}", selector: String = "") -> String {
        """
        ---
        apiVersion: flotilla.dev/v1alpha1
        kind: Notifications
        metadata: {name: team}
        spec:
          services:
            \(services)
          subscriptions:
          - triggers: [on-sync-succeeded, on-sync-failed, on-deployed, on-out-of-sync, on-health-degraded]
            services: [hook]
            \(selector)

        """
    }

    let sender: FakeNotificationSender
    let dispatcher: NotificationDispatcher
    let log = RecordedLog()
    let fixture: ControllerFixture

    init(document: String, gate: Latch?) throws {
        sender = FakeNotificationSender(gate: gate)
        dispatcher = NotificationDispatcher(sender: sender, logger: log.logger)
        let observer = NotificationObserver(
            secrets: NotificationSecrets(["hook": "http://127.0.0.1:9/hook"]), dispatcher: dispatcher,
            now: { Date(timeIntervalSince1970: 1_764_900_000) }, logger: log.logger)
        fixture = try ControllerFixture(alsoObserving: observer)
        _ = try fixture.folder.write("fleets/fleet.yaml", ControllerFixture.fleet + document)
    }

    init() throws {
        try self.init(document: Self.document(), gate: nil)
    }

    /// The events delivered so far, sorted (targets finish in any order).
    func delivered() async throws -> [String] {
        let dispatcher = self.dispatcher
        try await eventually("deliveries done") { dispatcher.isIdle }
        return sender.events.sorted()
    }

    @Test("each automated target's first sync and its deployment once; a change of Git once more; nothing in between")
    func oncePerChange() async throws {
        defer { fixture.remove() }
        await fixture.controller.cycle()
        let first = [
            "on-deployed auto", "on-deployed heal", "on-sync-succeeded auto", "on-sync-succeeded heal",
        ]
        #expect(try await delivered() == first)
        await fixture.controller.cycle()
        #expect(try await delivered() == first, "nothing changed, nothing sent")

        try ControllerFixture.writeManifests("auto", value: "two", in: fixture.folder)
        await fixture.controller.cycle()
        await fixture.controller.cycle()
        #expect(try await delivered() == (first + ["on-deployed auto", "on-sync-succeeded auto"]).sorted())
        let body = try #require(sender.bodies.first)
        #expect(body["cluster"] == "c1" && body["project"] == "default" && body["syncStatus"] == "Synced")
        #expect(body["time"] == "2025-12-05T02:00:00Z")
        #expect(sender.requests.allSatisfy { $0.url == "http://127.0.0.1:9/hook" })
    }

    @Test(
        "the document is read with the fleet each cycle: removed, it sends nothing; back, it does not repeat old news")
    func followsTheFleet() async throws {
        defer { fixture.remove() }
        await fixture.controller.cycle()
        let first = try await delivered()
        #expect(first.count == 4)
        _ = try fixture.folder.write("fleets/fleet.yaml", ControllerFixture.fleet)
        try ControllerFixture.writeManifests("auto", value: "two", in: fixture.folder)
        await fixture.controller.cycle()
        #expect(try await delivered() == first, "no document, no notification")
        _ = try fixture.folder.write("fleets/fleet.yaml", ControllerFixture.fleet + Self.document())
        await fixture.controller.cycle()
        #expect(try await delivered() == first, "what happened meanwhile is not sent late")
        try ControllerFixture.writeManifests("heal", value: "two", in: fixture.folder)
        await fixture.controller.cycle()
        #expect(try await delivered() == (first + ["on-deployed heal", "on-sync-succeeded heal"]).sorted())
    }

    @Test("a selector picks the targets; a service whose secret serve lacks is named once in the log, never sent to")
    func selectorsAndSecrets() async throws {
        let notifications = try Self(
            document: Self.document(
                services: "hook: {webhook: {url: $hook}}\n    other: {slack: {url: $absent}}",
                selector: "selector: {applications: [heal]}"
            ).replacingOccurrences(of: "services: [hook]", with: "services: [hook, other]"), gate: nil)
        let fixture = notifications.fixture
        defer { fixture.remove() }
        await fixture.controller.cycle()
        await fixture.controller.cycle()
        #expect(try await notifications.delivered() == ["on-deployed heal", "on-sync-succeeded heal"])
        let missing = notifications.log.lines.filter { $0.contains("\"absent\"") }
        #expect(missing.count == 1, "\(notifications.log.lines)")
        #expect(missing.first?.contains("fleet.yaml:") == true && missing.first?.contains("service \"other\"") == true)
    }

    @Test("a receiver that never answers delays no cycle and no report")
    func hangingReceiver() async throws {
        let gate = Latch()
        let notifications = try Self(document: Self.document(), gate: gate)
        let fixture = notifications.fixture
        defer {
            gate.open()
            fixture.remove()
        }
        await fixture.controller.cycle()
        try ControllerFixture.writeManifests("auto", value: "two", in: fixture.folder)
        await fixture.controller.cycle()
        #expect(fixture.observer.cycles == 2)
        #expect(fixture.observer.reconciled.count == 6)
        #expect(fixture.value("auto") == "two")
        #expect(notifications.sender.requests.count == 1, "one request hangs; the rest wait in the queue")
        #expect(notifications.dispatcher.waiting(in: "hook") == 5)
    }
}
