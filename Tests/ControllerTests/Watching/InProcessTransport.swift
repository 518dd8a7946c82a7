import FleetModel
import Foundation
import KubeClient

@testable import Sandbox

/// Carries a `KubeClient`'s requests straight to a sandbox cluster's handlers, in process:
/// the same answers and watch streams as over HTTPS (ControllerTests has no libcurl), with
/// the faults a watch meets — `down` refuses, `dropWatches` cuts streams.
struct InProcessTransport: KubeTransport {
    let cluster: SandboxCluster
    let user: UserInfo

    init(_ cluster: SandboxCluster, user: UserInfo = UserInfo(name: "admin", groups: ["system:masters"])) {
        self.cluster = cluster
        self.user = user
    }

    var clusterName: String { cluster.name }

    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        if await cluster.faults.down { throw refused }
        let response = await cluster.handle(apiRequest(request))
        return KubeResponse(
            status: response.status, headers: response.headers.map { ($0.0.lowercased(), $0.1) }, body: response.body)
    }

    func stream(_ request: KubeRequest) -> AsyncThrowingStream<[UInt8], any Error> {
        let cluster = self.cluster
        let apiRequest = self.apiRequest(request)
        let refused = self.refused
        let lost = KubeError(.connectionLost, cluster: cluster.name, message: "the watch connection broke")
        return AsyncThrowingStream { continuation in
            let task = Task {
                let faults = await cluster.faults
                if faults.down { return continuation.finish(throwing: refused) }
                switch await cluster.startWatch(apiRequest) {
                case nil:
                    let response = await cluster.handle(apiRequest)
                    continuation.finish(
                        throwing: KubeError(
                            response: KubeResponse(status: response.status, body: response.body), cluster: cluster.name)
                    )
                case .failure(let status)?:
                    continuation.finish(
                        throwing: KubeError(
                            response: KubeResponse(
                                status: status.code, body: Array(JSONWriter.compact(status.body).utf8)),
                            cluster: cluster.name))
                case .success(let watch)?:
                    if faults.dropWatches {
                        await cluster.stopWatch(watch.id)
                        return continuation.finish(throwing: lost)
                    }
                    for line in watch.initial { continuation.yield(Array(line.utf8)) }
                    for await output in watch.lines {
                        guard case .line(let line) = output else {
                            await cluster.stopWatch(watch.id)
                            return continuation.finish(throwing: lost)
                        }
                        continuation.yield(Array(line.utf8))
                    }
                    await cluster.stopWatch(watch.id)
                    continuation.finish()
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private var refused: KubeError {
        KubeError(.unreachable, cluster: cluster.name, message: "connection refused")
    }

    private func apiRequest(_ request: KubeRequest) -> APIRequest {
        var headers: [String: String] = ["user-agent": "flotilla-tests/1"]
        for (name, value) in request.headers { headers[name.lowercased()] = value }
        return APIRequest(
            method: request.method, uri: request.target, headers: headers, body: request.body ?? [], user: user)
    }
}
