import FleetModel
import Foundation

/// The sandbox's own endpoints, beside the Kubernetes API: `/sandbox/faults` (GET, PUT)
/// to inject faults at run time, and `/sandbox/statistics` to read the counters.
/// They answer admins only and are never subject to the faults themselves.
extension SandboxCluster {
    static let adminPrefix = "/sandbox/"

    func handleAdmin(_ request: APIRequest) -> APIResponse {
        guard let user = request.user, !user.readOnly else {
            return .error(
                APIStatus(
                    code: 403, reason: "Forbidden", message: "sandbox administration needs an admin user", details: nil)
            )
        }
        switch (request.method, request.path) {
        case ("GET", "/sandbox/faults"):
            return Self.encoded(faults)
        case ("PUT", "/sandbox/faults"):
            guard let decoded = try? JSONDecoder().decode(SandboxFaults.self, from: Data(request.body)) else {
                return .error(.badRequest("the body must be a SandboxFaults JSON object"))
            }
            setFaults(decoded)
            return Self.encoded(faults)
        case ("GET", "/sandbox/statistics"):
            let statistics = currentStatistics()
            return .json([
                "writes": .int(statistics.writes), "writeRequests": .int(statistics.writeRequests),
                "requestsByMethod": .object(
                    JSONObject(statistics.requestsByMethod.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                "maxInFlight": .int(statistics.maxInFlight),
                "connections": .int(statistics.connections), "http2Connections": .int(statistics.http2Connections),
            ])
        default:
            return .pageNotFound
        }
    }

    private static func encoded<T: Encodable>(_ value: T) -> APIResponse {
        let data = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        return APIResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(data))
    }

    /// Counts a request entering the server (for "how many were in flight at once")
    /// and hands back the faults it is subject to.
    func requestStarted() -> SandboxFaults {
        statistics.inFlight += 1
        statistics.maxInFlight = max(statistics.maxInFlight, statistics.inFlight)
        return faults
    }

    /// Counts a connection whose TLS handshake and protocol negotiation are done.
    nonisolated func connectionOpened(http2: Bool) {
        connectionCounts.withLockedValue { counts in
            counts.all += 1
            if http2 { counts.http2 += 1 }
        }
    }

    /// Counts a request leaving the server.
    func requestFinished() {
        statistics.inFlight -= 1
    }
}
