import FleetModel

/// One request of a transcript and the answer it got.
public struct TranscriptStep: Sendable {
    /// Its position in the transcript, from 0.
    public var index: Int
    /// What the step shows.
    public var note: String
    /// What was sent.
    public var request: TranscriptRequest
    /// What came back, normalized.
    public var response: TranscriptResponse

    init(json: JSONValue, index: Int) throws(ReplayError) {
        guard let request = json["request"], let response = json["response"] else {
            throw ReplayError.malformedTranscript("step \(index) needs a request and a response")
        }
        self.index = index
        note = json["note"]?.stringValue ?? ""
        self.request = try TranscriptRequest(json: request, step: index)
        self.response = try TranscriptResponse(json: response, step: index)
    }
}
