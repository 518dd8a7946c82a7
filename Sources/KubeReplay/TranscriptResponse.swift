import FleetModel

/// A recorded answer: status, the `Warning` header's text if any, and the normalized body.
public struct TranscriptResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The warning text the server sent, if it sent one.
    public var warning: String?
    /// The body: a JSON document, or a string for a non-JSON answer.
    public var body: JSONValue

    init(json: JSONValue, step: Int) throws(ReplayError) {
        guard let status = json["status"]?.intValue else {
            throw ReplayError.malformedTranscript("step \(step): a response needs a status")
        }
        self.status = status
        warning = json["warning"]?.stringValue
        body = json["body"] ?? .null
    }
}
