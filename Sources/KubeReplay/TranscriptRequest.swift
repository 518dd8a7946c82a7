import FleetModel
import KubeClient

/// A recorded request: method, path, query, content type and body.
public struct TranscriptRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    public var method: String
    /// The path from the server root.
    public var path: String
    /// The query parameters, in the order recorded.
    public var query: [KubeRequest.QueryItem]
    /// The body's media type, when there is a body.
    public var contentType: String?
    /// The body (apply bodies too: JSON is YAML, so the server reads them alike).
    public var body: JSONValue?

    init(json: JSONValue, step: Int) throws(ReplayError) {
        guard let method = json["method"]?.stringValue, let path = json["path"]?.stringValue else {
            throw ReplayError.malformedTranscript("step \(step): a request needs method and path")
        }
        self.method = method
        self.path = path
        query = (json["query"]?.objectValue ?? JSONObject()).members.map {
            KubeRequest.QueryItem($0.key, $0.value.stringValue ?? $0.value.scalarText)
        }
        contentType = json["contentType"]?.stringValue
        body = json["body"]
    }

    /// The request to send, with `userAgent` (the recording client's, so that default
    /// field-manager names come out the same).
    public func kubeRequest(userAgent: String) -> KubeRequest {
        var headers = ["Accept": "application/json", "User-Agent": userAgent]
        if let contentType { headers["Content-Type"] = contentType }
        return KubeRequest(
            method: method, path: path, query: query, headers: headers,
            body: body.map { Array(JSONWriter.compact($0).utf8) })
    }
}
