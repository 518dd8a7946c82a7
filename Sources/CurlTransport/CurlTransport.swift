import CCurl
import Foundation
import KubeClient
import KubeConfig

/// Requests to one cluster over libcurl: TLS with the cluster's CA, client
/// certificates from memory, bearer tokens, token files and exec plugins.
public struct CurlTransport: KubeTransport {
    /// Where the cluster is and who we are.
    public let endpoint: ClusterEndpoint
    private let credentials: CredentialSource

    /// A transport to `endpoint`.
    public init(endpoint: ClusterEndpoint) {
        self.endpoint = endpoint
        credentials = CredentialSource(endpoint: endpoint)
    }

    public var clusterName: String { endpoint.name }

    public func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        let response = try await perform(request, credential: try await credentials.current())
        guard response.status == 401, credentials.canRenew else { return response }
        // An exec plugin's token or a token file may have been rotated: renew once and retry.
        await credentials.invalidate()
        return try await perform(request, credential: try await credentials.current())
    }

    public func stream(_ request: KubeRequest) -> AsyncThrowingStream<[UInt8], any Error> {
        let endpoint = self.endpoint
        let credentials = self.credentials
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let credential = try await credentials.current()
                    let response = try await Self.run(
                        request, endpoint, credential, onChunk: { continuation.yield($0) })
                    if (200..<300).contains(response.status) {
                        continuation.finish()
                    } else {
                        continuation.finish(throwing: KubeError(response: response, cluster: endpoint.name))
                    }
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func perform(_ request: KubeRequest, credential: AppliedCredential) async throws(KubeError) -> KubeResponse
    {
        try await Self.run(request, endpoint, credential, onChunk: nil)
    }

    /// Hands one transfer to the engine and waits for it; cancelling the task aborts the transfer.
    private static func run(
        _ request: KubeRequest, _ endpoint: ClusterEndpoint, _ credential: AppliedCredential,
        onChunk: (@Sendable ([UInt8]) -> Void)?
    ) async throws(KubeError) -> KubeResponse {
        let engine =
            request.isWatch ? CurlEngine.watching : CurlEngine.engine(maxConnectionsPerHost: endpoint.maxConnections)
        let outcome = Outcome(engine: engine)
        let result: Result<KubeResponse, KubeError> = await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<KubeResponse, KubeError>, Never>) in
                let transfer: Transfer
                do throws(KubeError) {
                    transfer = try Transfer(request, to: endpoint, credential: credential, onChunk: onChunk) {
                        transfer, code in
                        continuation.resume(returning: TransferOutcome.result(of: transfer, code, endpoint))
                    }
                } catch {
                    continuation.resume(returning: .failure(error))
                    return
                }
                let cancelled = outcome.started(transfer)
                engine.start(transfer)
                // After the start, so that the engine cannot see the cancellation first.
                if cancelled { engine.cancel(transfer) }
            }
        } onCancel: {
            outcome.cancel()
        }
        return try result.get()
    }
}

/// The transfer a task is waiting on, so that cancelling the task can abort it.
private final class Outcome: @unchecked Sendable {
    private let engine: CurlEngine
    private let lock = NSLock()
    private var transfer: Transfer?
    private var isCancelled = false

    init(engine: CurlEngine) {
        self.engine = engine
    }

    /// Records the transfer; whether the task was cancelled already.
    func started(_ transfer: Transfer) -> Bool {
        lock.withLock {
            self.transfer = transfer
            return isCancelled
        }
    }

    func cancel() {
        let running = lock.withLock {
            isCancelled = true
            return transfer
        }
        if let running { engine.cancel(running) }
    }
}
