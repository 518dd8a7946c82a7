import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Reconcile
import Synchronization
import Testing

@testable import Controller

/// `410 Expired` through the real client: as a real API server sends it (an ERROR event in
/// a 200 stream) and as an answer's status, the watch relists and reports what changed
/// while it was away, then watches from the new list's version.
@Suite("Watching after 410 Expired")
struct WatchExpiryTests {
    /// The two forms a resource version that is too old comes in.
    enum Form: String, CaseIterable, CustomTestStringConvertible {
        case errorEvent, answer
        var testDescription: String { rawValue }
    }

    static let expired =
        #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 10 (15)","reason":"Expired","code":410}"#

    @Test(
        "410 relists, reports objects changed, added and deleted meanwhile, and watches from the list",
        arguments: Form.allCases)
    func relists(form: Form) async throws {
        let transport = ScriptedTransport()
        transport.answers.withLock {
            $0 = [
                Self.list("10", [("web", 2, "5"), ("db", 1, "6"), ("cache", 1, "7")]),
                Self.list("30", [("api", 1, "28"), ("cache", 1, "27"), ("web", 4, "25")]),
            ]
        }
        switch form {
        case .errorEvent:
            transport.scripts.withLock {
                $0 = [.init(chunks: [#"{"type":"ERROR","object":"# + Self.expired + "}\n"], end: nil)]
            }
        case .answer:
            let answer = KubeError(response: KubeResponse(status: 410, body: Array(Self.expired.utf8)), cluster: "c1")
            transport.scripts.withLock { $0 = [.init(chunks: [], end: answer)] }
        }
        let log = ChangeLog()
        let clock = RecordingClock()
        let watch = ClusterWatch(
            api: KubeClient(transport: transport), options: ClusterWatchTests.options(), clock: clock,
            onChange: log.sink)
        defer { watch.stop() }
        watch.watch([Objects.deployments])
        #expect(await eventually { log.all.count == 3 })
        #expect(
            log.all.map { "\($0.key.name) \($0.kind) \($0.foundByRelist)" } == [
                "api added true", "db deleted true", "web modified true",
            ])
        #expect(await eventually { transport.requests.withLock { $0.count } == 4 })
        let requests = transport.requests.withLock { $0 }
        #expect(requests.map(\.isWatch) == [false, true, false, true])
        #expect(requests[1].query.contains(.init("resourceVersion", "10")))
        #expect(requests[3].query.contains(.init("resourceVersion", "30")))
        #expect(requests[3].query.contains(.init("allowWatchBookmarks", "true")))
        #expect(requests[0].query.contains(.init("labelSelector", "app.kubernetes.io/instance")))
        // Relisted at once: no backoff, only the stalled-watch guards.
        #expect(clock.recorded.allSatisfy { $0 == .seconds(330) })
        #expect(watch.status.lists == 2)
    }

    /// A DeploymentList answer as a real server writes it: items without kind and apiVersion.
    static func list(_ version: String, _ items: [(String, Int, String)]) -> KubeResponse {
        let objects: [JSONValue] = items.map { name, replicas, itemVersion in
            var object = Objects.deployment(name, replicas: replicas, version: itemVersion)
            object = Objects.with(object, ["kind"], nil)
            return Objects.with(object, ["apiVersion"], nil)
        }
        let body: JSONValue = [
            "kind": "DeploymentList", "apiVersion": "apps/v1", "metadata": ["resourceVersion": .string(version)],
            "items": .array(objects),
        ]
        return KubeResponse(status: 200, body: Array(JSONWriter.compact(body).utf8))
    }
}

/// A transport that answers requests from a queue and watches from scripts; a watch with no
/// script left stays open until cancelled.
final class ScriptedTransport: KubeTransport {
    struct Script: Sendable {
        let chunks: [String]
        let end: KubeError?
    }

    let clusterName = "c1"
    let answers = Mutex<[KubeResponse]>([])
    let scripts = Mutex<[Script]>([])
    let requests = Mutex<[KubeRequest]>([])
    private let open = Mutex<[AsyncThrowingStream<[UInt8], any Error>.Continuation]>([])

    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        requests.withLock { $0.append(request) }
        return answers.withLock { $0.isEmpty ? KubeResponse(status: 500) : $0.removeFirst() }
    }

    func stream(_ request: KubeRequest) -> AsyncThrowingStream<[UInt8], any Error> {
        requests.withLock { $0.append(request) }
        let script = scripts.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        if let script {
            for chunk in script.chunks { continuation.yield(Array(chunk.utf8)) }
            continuation.finish(throwing: script.end)
        } else {
            open.withLock { $0.append(continuation) }
        }
        return stream
    }
}
