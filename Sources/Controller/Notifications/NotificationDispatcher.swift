import FleetModel
import Foundation
import Logging
import Synchronization

/// A notification on its way to one service.
public struct NotificationDelivery: Sendable, Equatable {
    /// The queue it waits in: one per receiver (its URL's secret name, whichever documents name
    /// it), so that a receiver that is down delays only itself, and the queues are as many as
    /// the operator's secrets, however many services the fleet declares.
    public var queue: String
    /// The service's name (metrics and logs).
    public var service: String
    /// What fired.
    public var trigger: NotificationTrigger
    /// The target (`app@cluster`), for the log.
    public var target: String
    /// What to send.
    public var request: NotificationRequest

    /// A delivery.
    public init(
        queue: String, service: String, trigger: NotificationTrigger, target: String, request: NotificationRequest
    ) {
        self.queue = queue
        self.service = service
        self.trigger = trigger
        self.target = target
        self.request = request
    }
}

/// Delivers notifications off the controller's path: `enqueue` only appends to the service's
/// bounded queue (dropping its oldest when full, counted) and returns; a task per busy queue
/// sends in order, retrying failures with backoff. Outcomes go to the metrics and the log,
/// which never show a URL.
public final class NotificationDispatcher: Sendable {
    /// How deliveries are queued and retried.
    public struct Settings: Sendable {
        /// The most notifications waiting for one service.
        public var capacity: Int
        /// How failed deliveries are tried again.
        public var retry: NotificationRetry

        /// Settings; by default 256 waiting per service and `NotificationRetry()`.
        public init(capacity: Int = 256, retry: NotificationRetry = NotificationRetry()) {
            self.capacity = max(1, capacity)
            self.retry = retry
        }
    }

    let sender: any NotificationSender
    let settings: Settings
    let clock: any Clock<Duration>
    let metrics: FleetMetrics?
    let logger: Logger
    private let state = Mutex<(queues: [String: [NotificationDelivery]], draining: Set<String>, finishing: Bool)>(
        ([:], [], false))

    /// Tasks waiting in a backoff for `finish` to begin, by id; `begun` once it has.
    private let finishWaiters = Mutex<(begun: Bool, waiting: [UUID: CheckedContinuation<Void, Never>])>((false, [:]))

    /// A dispatcher sending with `sender`, waiting between attempts on `clock`.
    public init(
        sender: any NotificationSender, settings: Settings = Settings(), clock: any Clock<Duration> = ContinuousClock(),
        metrics: FleetMetrics? = nil, logger: Logger = Logger(label: "flotilla.notifications")
    ) {
        self.sender = sender
        self.settings = settings
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
    }

    /// Queues `delivery` and returns at once.
    public func enqueue(_ delivery: NotificationDelivery) {
        let capacity = settings.capacity
        let (starts, dropped) = state.withLock { state -> (Bool, NotificationDelivery?) in
            var queue = state.queues[delivery.queue, default: []]
            queue.append(delivery)
            let dropped = queue.count > capacity ? queue.removeFirst() : nil
            state.queues[delivery.queue] = queue
            return (state.draining.insert(delivery.queue).inserted, dropped)
        }
        if let dropped {
            metrics?.recordNotificationDropped(service: dropped.service)
            logger.warning("notification dropped: the service's queue is full", metadata: metadata(dropped))
        }
        if starts { Task { await self.drain(delivery.queue) } }
    }

    /// Whether nothing waits or is being sent.
    public var isIdle: Bool { state.withLock { $0.draining.isEmpty } }

    /// Sends what waits before the process ends (serve stopping): from now on a failed attempt
    /// is not tried again, and this returns once every queue is empty or `limit` has passed on
    /// the clock, with how many notifications were left waiting or being sent (logged: they are
    /// lost).
    @discardableResult
    public func finish(within limit: Duration) async -> Int {
        state.withLock { $0.finishing = true }
        // A delivery waiting out a backoff stops waiting: it is not tried again.
        let waiting = finishWaiters.withLock { waiters in
            waiters.begun = true
            defer { waiters.waiting = [:] }
            return Array(waiters.waiting.values)
        }
        for waiter in waiting { waiter.resume() }
        let step = Duration.milliseconds(20)
        var waited = Duration.zero
        while !isIdle, waited < limit {
            do {
                try await clock.sleep(for: step)
            } catch {
                break
            }
            waited += step
        }
        let left = state.withLock { state in state.queues.values.map(\.count).reduce(0, +) + state.draining.count }
        if left > 0 {
            logger.warning("notifications not delivered: serve is stopping", metadata: ["count": "\(left)"])
        }
        return left
    }

    /// How many notifications wait in `queue` (not counting the one being sent).
    public func waiting(in queue: String) -> Int { state.withLock { $0.queues[queue]?.count ?? 0 } }

    private func drain(_ queue: String) async {
        while let next = next(in: queue) { await deliver(next) }
    }

    /// The first of `queue`, taken out, or nil when it is empty (the queue's task then ends).
    private func next(in queue: String) -> NotificationDelivery? {
        state.withLock { state in
            guard let first = state.queues[queue]?.first else {
                state.queues[queue] = nil
                state.draining.remove(queue)
                return nil
            }
            state.queues[queue]?.removeFirst()
            return first
        }
    }

    /// Waits `delay` on the clock before the next attempt; false when `finish` began first
    /// (serve is stopping: no more attempts) or the task was cancelled.
    private func backOff(_ delay: Duration) async -> Bool {
        let clock = self.clock
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await clock.sleep(for: delay)
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                await self.finishBegins()
                return false
            }
            let waited = await group.next() ?? false
            group.cancelAll()
            return waited
        }
    }

    /// Returns when `finish` begins (at once if it has), or when the task is cancelled.
    private func finishBegins() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = finishWaiters.withLock { waiters -> Bool in
                    guard !waiters.begun, !Task.isCancelled else { return true }
                    waiters.waiting[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            finishWaiters.withLock { $0.waiting.removeValue(forKey: id) }?.resume()
        }
    }

    private func deliver(_ delivery: NotificationDelivery) async {
        let attempts = settings.retry.attempts
        for attempt in 1...attempts {
            switch await sender.send(delivery.request) {
            case .delivered:
                metrics?.recordNotificationDelivery(
                    trigger: delivery.trigger, service: delivery.service, succeeded: true)
                logger.info("notification sent", metadata: metadata(delivery))
                return
            case .failed(let reason, let retryable):
                var details = metadata(delivery)
                details["reason"] = "\(reason)"
                details["attempt"] = "\(attempt)/\(attempts)"
                guard retryable, attempt < attempts, !state.withLock({ $0.finishing }) else {
                    metrics?.recordNotificationDelivery(
                        trigger: delivery.trigger, service: delivery.service, succeeded: false)
                    logger.error("notification not delivered", metadata: details)
                    return
                }
                let delay = settings.retry.delay(after: attempt)
                details["retryIn"] = "\(delay.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))"
                logger.warning("notification attempt failed", metadata: details)
                guard await backOff(delay) else {
                    metrics?.recordNotificationDelivery(
                        trigger: delivery.trigger, service: delivery.service, succeeded: false)
                    logger.error("notification not delivered", metadata: details)
                    return
                }
            }
        }
    }

    private func metadata(_ delivery: NotificationDelivery) -> Logger.Metadata {
        ["service": "\(delivery.service)", "trigger": "\(delivery.trigger.rawValue)", "target": "\(delivery.target)"]
    }
}
