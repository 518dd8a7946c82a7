extension KubeClient {
    /// The longest wait (seconds) before sending again, whatever `Retry-After` says.
    static let longestBusyWait = 10

    /// Sends `request` within the request budget; while the server answers 429 (API priority
    /// and fairness turning it away), again after the wait it asks for (`Retry-After`, 1 s
    /// when it says none), up to `busyRetries` times, as client-go does. The last answer,
    /// whatever its status.
    func sendWaitingWhenBusy(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        var retries = 0
        while true {
            try await rateLimiter?.acquire(for: clusterName)
            let response = try await transport.send(request)
            guard response.status == 429, retries < busyRetries else { return response }
            retries += 1
            let wait = KubeError(response: response, cluster: clusterName).retryAfter ?? 1
            do {
                try await Task.sleep(for: .seconds(max(0, min(wait, Self.longestBusyWait))))
            } catch {
                return response  // cancelled: the 429 is the answer
            }
        }
    }
}
