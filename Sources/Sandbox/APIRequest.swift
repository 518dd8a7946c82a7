import FleetModel
import Foundation

/// An HTTP request as the sandbox's API handlers see it.
struct APIRequest: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    var headers: [String: String]
    var body: [UInt8]
    /// Who sent it; nil when anonymous.
    var user: UserInfo?

    init(method: String, uri: String, headers: [String: String], body: [UInt8], user: UserInfo?) {
        self.method = method
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts[0])
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(keyValue[0]).removingPercentEncoding ?? String(keyValue[0])
                let raw = keyValue.count > 1 ? String(keyValue[1]) : ""
                query[key] = raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
            }
        }
        self.query = query
        self.headers = headers
        self.body = body
        self.user = user
    }

    var contentType: String {
        (headers["content-type"] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? ""
    }

    var isDryRun: Bool { query["dryRun"] == "All" }

    /// Whether this is a watch (`GET …?watch=true`).
    var isWatch: Bool { method == "GET" && ["true", "1"].contains(query["watch"] ?? "") }

    /// The field manager of a write: `fieldManager`, else the User-Agent up to its first `/`.
    var fieldManager: String? {
        if let manager = query["fieldManager"], !manager.isEmpty { return manager }
        guard let agent = headers["user-agent"], !agent.isEmpty else { return nil }
        return String(agent.split(separator: "/").first ?? Substring(agent))
    }

    /// The body as a JSON value (YAML is a superset, so apply bodies parse too).
    ///
    /// JSON bodies (what kubectl and Flotilla send) take a fast path; anything
    /// else, and JSON the fast path rejects, goes through the YAML loader,
    /// whose errors say where the body is wrong.
    func decodedBody() throws(APIStatus) -> JSONValue {
        // The sandbox speaks JSON and YAML only: typed kubectl generators (`kubectl create
        // namespace x`) send protobuf and get a 415 that says so; `-f` files are JSON.
        if contentType.hasSuffix("protobuf") {
            throw APIStatus(
                code: 415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: "
                    + "application/json, application/yaml (the sandbox does not decode protobuf)", details: [:])
        }
        guard !body.isEmpty else { throw APIStatus.badRequest("the request body is empty") }
        if let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
            first == UInt8(ascii: "{"), let value = try? JSONReader.parse(body)
        {
            return value
        }
        let text = String(decoding: body, as: UTF8.self)
        do {
            guard let document = try YAMLLoader.load(text, file: "request").first else {
                throw APIStatus.badRequest("the request body is empty")
            }
            return document.value
        } catch let status as APIStatus {
            throw status
        } catch {
            throw APIStatus.badRequest("error decoding the request body: \(error.localizedDescription)")
        }
    }
}

/// What the sandbox answers.
///
/// A JSON answer keeps its value until `body` is asked for, so the encoding
/// happens off the cluster actor, on whichever thread writes the response.
struct APIResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    private var content: Content

    private enum Content: Sendable {
        case bytes([UInt8])
        case json(JSONValue)
    }

    init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        content = .bytes(body)
    }

    /// The body's bytes.
    var body: [UInt8] {
        switch content {
        case .bytes(let bytes): bytes
        case .json(let value): Array(JSONWriter.compact(value).utf8)
        }
    }

    static func json(_ value: JSONValue, status: Int = 200) -> APIResponse {
        var response = APIResponse(status: status, headers: [("Content-Type", "application/json")], body: [])
        response.content = .json(value)
        return response
    }

    static func error(_ status: APIStatus) -> APIResponse {
        json(status.body, status: status.code)
    }

    static func text(_ text: String, status: Int) -> APIResponse {
        APIResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    static let pageNotFound = text("404 page not found\n", status: 404)
}

/// An authenticated user: the client certificate's CN and O, or a token's owner.
public struct UserInfo: Sendable, Hashable {
    /// The user name.
    public var name: String
    /// The groups.
    public var groups: [String]
    /// Whether the user may only read.
    public var readOnly: Bool

    /// A user.
    public init(name: String, groups: [String] = [], readOnly: Bool = false) {
        self.name = name
        self.groups = groups
        self.readOnly = readOnly
    }
}
