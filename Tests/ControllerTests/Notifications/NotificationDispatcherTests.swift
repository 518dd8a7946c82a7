import FleetModel
import FleetTesting
import Prometheus
import Testing

@testable import Controller

@Suite("Notification delivery: queued, retried with backoff, counted")
struct NotificationDispatcherTests {
    let registry = PrometheusCollectorRegistry()
    let log = RecordedLog()
    let clock = ManualClock()

    func dispatcher(_ sender: FakeNotificationSender, capacity: Int = 256) -> NotificationDispatcher {
        NotificationDispatcher(
            sender: sender, settings: .init(capacity: capacity, retry: NotificationRetry()), clock: clock,
            metrics: FleetMetrics(factory: PrometheusMetricsFactory(registry: registry)), logger: log.logger)
    }

    static func delivery(_ service: String = "ops", _ number: Int = 0) -> NotificationDelivery {
        NotificationDelivery(
            queue: "team/\(service)", service: service, trigger: .syncFailed, target: "web@prod",
            request: NotificationRequest(url: "https://hooks.example.com/T0/SECRET", body: Array("\(number)".utf8)))
    }

    func metric(_ name: String) -> [String] {
        registry.emitToString().split(separator: "\n").map(String.init).filter { $0.hasPrefix(name + "{") }
    }

    /// A dispatcher on the real clock, for `finish`'s bound.
    func stopping(_ sender: FakeNotificationSender) -> NotificationDispatcher {
        NotificationDispatcher(
            sender: sender, clock: ContinuousClock(),
            metrics: FleetMetrics(factory: PrometheusMetricsFactory(registry: registry)), logger: log.logger)
    }

    @Test("at shutdown what waits is sent, each once: a failure is not retried, and finish returns when all is sent")
    func finishSendsWhatWaits() async throws {
        let gate = Latch()
        let sender = FakeNotificationSender(
            results: [.failed(reason: "Couldn't connect to server", retryable: true)], gate: gate)
        let dispatcher = stopping(sender)
        for number in 1...3 { dispatcher.enqueue(Self.delivery("ops", number)) }
        try await eventually("the first being sent") { sender.requests.count == 1 }
        let finished = Task { await dispatcher.finish(within: .seconds(60)) }
        gate.open()
        #expect(await finished.value == 0)
        #expect(sender.requests.map { String(decoding: $0.body, as: UTF8.self) } == ["1", "2", "3"])
        #expect(log.lines.contains { $0.contains("notification not delivered") }, "\(log.lines)")
    }

    @Test("a delivery waiting out its backoff when serve stops is not tried again; the ones behind it are sent")
    func finishCutsTheBackoff() async throws {
        let sender = FakeNotificationSender(
            results: [.failed(reason: "Couldn't connect to server", retryable: true)])
        let dispatcher = NotificationDispatcher(
            sender: sender,
            settings: .init(
                retry: NotificationRetry(attempts: 5, first: .seconds(3600), factor: 2, cap: .seconds(3600))),
            clock: ContinuousClock(), metrics: FleetMetrics(factory: PrometheusMetricsFactory(registry: registry)),
            logger: log.logger)
        dispatcher.enqueue(Self.delivery("ops", 1))
        dispatcher.enqueue(Self.delivery("ops", 2))
        try await eventually("the first attempt failed, its backoff begun") {
            log.lines.contains { $0.contains("notification attempt failed") }
        }
        #expect(await dispatcher.finish(within: .seconds(60)) == 0, "an hour's backoff did not hold the exit")
        #expect(sender.requests.map { String(decoding: $0.body, as: UTF8.self) } == ["1", "2"])
    }

    @Test("a receiver that does not answer is left at the bound: what was not sent is counted and logged")
    func finishGivesUpAtTheBound() async throws {
        let sender = FakeNotificationSender(gate: Latch())
        let dispatcher = stopping(sender)
        dispatcher.enqueue(Self.delivery("ops", 1))
        dispatcher.enqueue(Self.delivery("ops", 2))
        try await eventually("the first being sent") { sender.requests.count == 1 }
        #expect(await dispatcher.finish(within: .milliseconds(200)) == 2)
        #expect(
            log.lines.contains { $0.contains("notifications not delivered: serve is stopping") && $0.contains("2") },
            "\(log.lines)")
    }

    @Test("the backoff doubles from 1 s up to its cap")
    func backoff() {
        let retry = NotificationRetry(attempts: 8, first: .seconds(1), factor: 2, cap: .seconds(10))
        #expect((1...6).map { retry.delay(after: $0) } == [1, 2, 4, 8, 10, 10].map { Duration.seconds($0) })
    }

    @Test("a failing receiver is tried again after 1 s, then 2 s; success is counted once; the log never shows the URL")
    func retries() async throws {
        let failure = NotificationSendResult.failed(reason: "Couldn't connect to server", retryable: true)
        let sender = FakeNotificationSender(results: [failure, failure])
        let dispatcher = dispatcher(sender)
        dispatcher.enqueue(Self.delivery())
        try await eventually("the first attempt and its backoff") { sender.requests.count == 1 && clock.sleepers == 1 }
        clock.advance(by: .milliseconds(999))
        #expect(sender.requests.count == 1)
        clock.advance(by: .milliseconds(1))
        try await eventually("the second attempt and its backoff") { sender.requests.count == 2 && clock.sleepers == 1 }
        clock.advance(by: .seconds(2))
        try await eventually("delivered") { dispatcher.isIdle }
        #expect(sender.requests.count == 3)
        #expect(
            metric(FleetMetrics.notificationDeliveriesTotal) == [
                #"argocd_notifications_deliveries_total{trigger="on-sync-failed",service="ops",succeeded="true"} 1"#
            ])
        #expect(log.lines.filter { $0.contains("notification attempt failed") }.count == 2, "\(log.lines)")
        #expect(log.lines.allSatisfy { !$0.contains("SECRET") && !$0.contains("hooks.example.com") }, "\(log.lines)")
    }

    @Test("a refusal (4xx) is not retried; exhausted retries count as not delivered")
    func failures() async throws {
        let sender = FakeNotificationSender(results: [.of(status: 400)] + Array(repeating: .of(status: 503), count: 5))
        let dispatcher = dispatcher(sender)
        dispatcher.enqueue(Self.delivery())
        try await eventually("refused once") { dispatcher.isIdle }
        #expect(sender.requests.count == 1)
        dispatcher.enqueue(Self.delivery())
        for attempt in 1..<5 {
            try await eventually("attempt \(attempt + 1) waiting") { clock.sleepers == 1 }
            clock.advance(by: NotificationRetry().delay(after: attempt))
        }
        try await eventually("given up") { dispatcher.isIdle }
        #expect(sender.requests.count == 6)
        #expect(
            metric(FleetMetrics.notificationDeliveriesTotal) == [
                #"argocd_notifications_deliveries_total{trigger="on-sync-failed",service="ops",succeeded="false"} 2"#
            ])
        #expect(log.lines.filter { $0.contains("notification not delivered") }.count == 2)
    }

    @Test("a receiver that hangs holds only its own queue, which drops its oldest when full (counted)")
    func hangingReceiver() async throws {
        let gate = Latch()
        let sender = FakeNotificationSender(gate: gate)
        let dispatcher = dispatcher(sender, capacity: 2)
        dispatcher.enqueue(Self.delivery("ops", 0))
        try await eventually("the first being sent") { sender.requests.count == 1 }
        // The first delivery hangs until the gate opens: an enqueue that waited for it would
        // never return (the bound is only there to fail instead of hanging; the machine is shared).
        let clock = ContinuousClock()
        let started = clock.now
        for number in 1..<5 { dispatcher.enqueue(Self.delivery("ops", number)) }
        dispatcher.enqueue(Self.delivery("chat"))
        #expect(clock.now - started < .seconds(10), "enqueue never waits for a delivery")
        try await eventually("the other service asked too") { sender.requests.count == 2 }
        // "0" is being sent; of 1…4, the two newest wait.
        #expect(dispatcher.waiting(in: "team/ops") == 2)
        #expect(
            metric(FleetMetrics.notificationsDroppedTotal) == [
                #"flotilla_notifications_dropped_total{service="ops"} 2"#
            ])
        gate.open()
        try await eventually("all sent") { dispatcher.isIdle }
        #expect(sender.requests.map { String(decoding: $0.body, as: UTF8.self) }.sorted() == ["0", "0", "3", "4"])
    }
}
