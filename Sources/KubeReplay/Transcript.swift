import FleetModel
import Foundation

/// One recorded scenario: what a real kube-apiserver answered to a list of requests,
/// sent in order in a fresh namespace (`../shared/kube-api/transcripts/*.json`).
public struct Transcript: Sendable {
    /// The scenario's name (`ssa-deployment-lifecycle`).
    public var scenario: String
    /// The namespace the scenario ran in; the replayer creates it fresh.
    public var namespace: String
    /// The requests and the answers they got, in order.
    public var steps: [TranscriptStep]

    /// A transcript from its JSON document.
    public init(json: JSONValue) throws(ReplayError) {
        guard let scenario = json["scenario"]?.stringValue, let namespace = json["namespace"]?.stringValue,
            let steps = json["steps"]?.arrayValue
        else {
            throw ReplayError.malformedTranscript("a transcript needs scenario, namespace and steps")
        }
        self.scenario = scenario
        self.namespace = namespace
        var parsed: [TranscriptStep] = []
        for (index, step) in steps.enumerated() {
            parsed.append(try TranscriptStep(json: step, index: index))
        }
        self.steps = parsed
    }

    /// The transcript in the file at `path`.
    public init(contentsOf path: String) throws(ReplayError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReplayError.unreadable(path)
        }
        let json: JSONValue
        do {
            json = try JSONReader.parse(Array(data))
        } catch {
            throw ReplayError.malformedTranscript("\(path): \(error)")
        }
        try self.init(json: json)
    }
}
