import FleetModel
import Synchronization
import Testing

@testable import KubeClient

/// A server that turns requests away (429, as API priority and fairness does) is asked again
/// after the wait it names, a bounded number of times.
@Suite("Requests the server turns away as too many")
struct BusyRetryTests {
    /// Answers 429 (`Retry-After: 0`) to the first `busy` requests, then a version.
    final class BusyTransport: KubeTransport {
        let busy: Int
        let sent = Mutex(0)
        var clusterName: String { "busy" }

        init(busy: Int) { self.busy = busy }

        func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
            let count = sent.withLock { count in
                count += 1
                return count
            }
            guard count > busy else {
                return KubeResponse(
                    status: 429, headers: [(name: "retry-after", value: "0")],
                    body: Array(#"{"kind":"Status","reason":"TooManyRequests","code":429}"#.utf8))
            }
            return KubeResponse(status: 200, body: Array(#"{"gitVersion":"v1.32.0"}"#.utf8))
        }

        func stream(_ request: KubeRequest) -> AsyncThrowingStream<[UInt8], any Error> {
            AsyncThrowingStream { $0.finish() }
        }
    }

    @Test("sent again while the server answers 429, within busyRetries", arguments: [0, 2, 3])
    func retried(busy: Int) async throws {
        let transport = BusyTransport(busy: busy)
        let version = try await KubeClient(transport: transport, busyRetries: 3).version()
        #expect(version.gitVersion == "v1.32.0")
        #expect(transport.sent.withLock { $0 } == busy + 1)
    }

    @Test("past busyRetries (none by default) the 429 is the error")
    func givesUp() async throws {
        for (retries, sends) in [(0, 1), (2, 3)] {
            let transport = BusyTransport(busy: 10)
            await #expect(throws: KubeError.self) {
                _ = try await KubeClient(transport: transport, busyRetries: retries).version()
            }
            #expect(transport.sent.withLock { $0 } == sends)
        }
    }
}
