import Engine
import FleetModel
import Foundation
import Logging
import Synchronization

/// `flotilla serve`'s notifications: the fleet's `Notifications` documents (re-read each
/// cycle, so they follow Git), each finished target's triggers against what was remembered of
/// it (`TargetTriggers`), and a delivery queued for each subscribed service. Hearing a report
/// never waits for a delivery.
public final class NotificationObserver: ControllerObserver {
    let secrets: NotificationSecrets
    let dispatcher: NotificationDispatcher
    let now: @Sendable () -> Date
    let logger: Logger
    private let state = Mutex<(documents: [Notifications], targets: [String: TargetTriggers], missing: Set<String>)>(
        ([], [:], []))

    /// Notifications to the URLs of `secrets`, through `dispatcher`; `now` stamps events.
    public init(
        secrets: NotificationSecrets, dispatcher: NotificationDispatcher,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "flotilla.notifications")
    ) {
        self.secrets = secrets
        self.dispatcher = dispatcher
        self.now = now
        self.logger = logger
    }

    public func fleetRead(_ resolution: TargetResolution) {
        let documents = resolution.notifications
        var missing: [String] = []
        for document in documents {
            for service in document.services where secrets.url(named: service.urlSecret) == nil {
                missing.append(
                    "\(service.urlLocation): service \"\(service.name)\" names the secret \"\(service.urlSecret)\", "
                        + "which the notification secret file does not hold; it is not notified")
            }
        }
        let new = state.withLock { state in
            state.documents = documents
            defer { state.missing = Set(missing) }
            return missing.filter { !state.missing.contains($0) }
        }
        for line in new { logger.error("\(line)") }
    }

    public func reconciled(_ report: TargetReport, trigger: ReconcileTrigger) {
        guard !report.cancelled else { return }
        let id = report.target.id
        let (fired, documents) = state.withLock { state in
            let (fired, next) = TargetTriggers.fire(report, after: state.targets[id])
            state.targets[id] = next
            return (fired, state.documents)
        }
        guard !fired.isEmpty, !documents.isEmpty else { return }
        let time = now()
        let labels = Self.labels(of: report.target)
        for document in documents {
            for (trigger, service) in Self.subscribed(document, fired, report.target, labels: labels) {
                guard let url = secrets.url(named: service.urlSecret) else { continue }
                let body = NotificationBody.render(service.kind, NotificationEvent(trigger, report: report, time: time))
                dispatcher.enqueue(
                    NotificationDelivery(
                        queue: service.urlSecret, service: service.name, trigger: trigger, target: id,
                        request: NotificationRequest(url: url, body: body)))
            }
        }
    }

    /// The services of `document` subscribed to each of `fired` for `target`, each pair once.
    static func subscribed(
        _ document: Notifications, _ fired: [NotificationTrigger], _ target: FleetTarget, labels: [String: String]
    ) -> [(NotificationTrigger, NotificationService)] {
        var pairs: [(NotificationTrigger, NotificationService)] = []
        var seen: Set<String> = []
        let selected = document.subscriptions.filter {
            $0.selector.matches(application: target.application.name, cluster: target.cluster, labels: labels)
        }
        for trigger in fired {
            for subscription in selected where subscription.triggers.contains(trigger) {
                for name in subscription.services where !seen.contains(name) {
                    seen.insert(name)
                    if let service = document.service(named: name) { pairs.append((trigger, service)) }
                }
            }
            seen.removeAll()
        }
        return pairs
    }

    /// Targets that left the fleet are forgotten (one that comes back starts from a new baseline).
    public func cycleFinished(_ cycle: CycleSummary) {
        let current = Set(cycle.targets.map(\.id))
        state.withLock { state in state.targets = state.targets.filter { current.contains($0.key) } }
    }

    public func problem(_ message: String) {}

    /// The Application's `metadata.labels`.
    static func labels(of target: FleetTarget) -> [String: String] {
        guard case .object(let labels)? = target.application.document["metadata"]?["labels"] else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in labels.members { result[key] = value.scalarText }
        return result
    }
}
