import Controller
import FleetModel
import FleetTesting
import Logging
import Synchronization

/// A receiver in memory: records each request and answers with the scripted results (then
/// `.delivered`); with a `gate`, every answer waits until it opens (a receiver that hangs).
final class FakeNotificationSender: NotificationSender {
    private let state: Mutex<(requests: [NotificationRequest], results: [NotificationSendResult])>
    let gate: Latch?

    init(results: [NotificationSendResult] = [], gate: Latch? = nil) {
        state = Mutex(([], results))
        self.gate = gate
    }

    func send(_ request: NotificationRequest) async -> NotificationSendResult {
        state.withLock { $0.requests.append(request) }
        if let gate { await gate.wait() }
        return state.withLock { $0.results.isEmpty ? .delivered : $0.results.removeFirst() }
    }

    /// Every request so far.
    var requests: [NotificationRequest] { state.withLock { $0.requests } }

    /// Every body so far, parsed.
    var bodies: [JSONValue] { requests.compactMap { try? JSONReader.parse($0.body) } }

    /// The `trigger` and `app` of each webhook body (the fixture's template), in order.
    var events: [String] {
        bodies.map { "\($0["trigger"]?.stringValue ?? "?") \($0["application"]?.stringValue ?? "?")" }
    }
}

/// Log lines in memory.
struct RecordingLogHandler: LogHandler {
    let sink: RecordedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let details = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        sink.append("\(event.level) \(event.message) \(details.joined(separator: " "))")
    }
}

/// A logger whose lines `lines` returns.
final class RecordedLog: Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    var logger: Logger { Logger(label: "test") { _ in RecordingLogHandler(sink: self) } }
    func append(_ line: String) { storage.withLock { $0.append(line) } }
}
