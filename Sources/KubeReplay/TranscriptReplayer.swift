import FleetModel
import KubeClient

/// Sends a transcript's requests to a cluster, in order, in a fresh namespace, and
/// compares every answer with the recorded one.
public struct TranscriptReplayer: Sendable {
    /// The User-Agent of the client that made the recordings: default field-manager
    /// names (`python-requests`) derive from it.
    public static let recordingUserAgent = "python-requests/2.32.3"

    /// Where requests go.
    public let transport: any KubeTransport
    /// Expected differences.
    public let exceptions: [ReplayException]

    /// A replayer sending through `transport`, excusing `exceptions`.
    public init(transport: any KubeTransport, exceptions: [ReplayException] = []) {
        self.transport = transport
        self.exceptions = exceptions
    }

    /// Replays `transcript`: one outcome per step.
    public func replay(_ transcript: Transcript) async throws -> [StepOutcome] {
        try await prepareNamespace(transcript.namespace)
        var matcher = ResponseMatcher()
        var outcomes: [StepOutcome] = []
        for step in transcript.steps {
            let response = try await transport.send(step.request.kubeRequest(userAgent: Self.recordingUserAgent))
            let found = matcher.compare(step.response, response)
            var outcome = StepOutcome(
                scenario: transcript.scenario, step: step.index, note: step.note, differences: [], excused: [])
            for difference in found {
                if let exception = exceptions.first(where: {
                    $0.covers(difference, scenario: transcript.scenario, step: step.index)
                }) {
                    outcome.excused.append((difference, exception))
                } else {
                    outcome.differences.append(difference)
                }
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Deletes `namespace` if it exists, waits until it is gone, and creates it.
    private func prepareNamespace(_ namespace: String) async throws {
        let path = "/api/v1/namespaces/\(namespace)"
        let existing = try await transport.send(KubeRequest(method: "GET", path: path))
        if existing.status == 200 {
            _ = try await transport.send(KubeRequest(method: "DELETE", path: path))
            var gone = false
            for _ in 0..<600 where !gone {
                try await Task.sleep(for: .milliseconds(200))
                gone = try await transport.send(KubeRequest(method: "GET", path: path)).status == 404
            }
            guard gone else { throw ReplayError.namespaceSetup("\(namespace) is still terminating after 2 minutes") }
        }
        let body: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]]
        let created = try await transport.send(
            KubeRequest(
                method: "POST", path: "/api/v1/namespaces", headers: ["Content-Type": "application/json"],
                body: Array(JSONWriter.compact(body).utf8)))
        guard created.status == 201 else {
            throw ReplayError.namespaceSetup(
                "\(namespace): creating it answered \(created.status) \(String(decoding: created.body, as: UTF8.self))")
        }
    }
}
