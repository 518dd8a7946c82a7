import Foundation

/// One HTTP request to a Kubernetes API server, before any transport sees it.
public struct KubeRequest: Sendable, Equatable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    public var method: String
    /// The path from the server root: `/apis/apps/v1/namespaces/default/deployments/web`.
    public var path: String
    /// Query parameters, in order.
    public var query: [QueryItem]
    /// Request headers (`Content-Type`, `Accept`), without credentials: the transport adds those.
    public var headers: [String: String]
    /// The body, when there is one.
    public var body: [UInt8]?
    /// Whether the answer is a stream of watch events rather than one document.
    public var isWatch: Bool

    /// One `name=value` query parameter.
    public struct QueryItem: Sendable, Equatable {
        /// The name.
        public var name: String
        /// The value, unescaped.
        public var value: String

        /// A parameter.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A request.
    public init(
        method: String, path: String, query: [QueryItem] = [], headers: [String: String] = [:], body: [UInt8]? = nil,
        isWatch: Bool = false
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.isWatch = isWatch
    }

    /// The path and query as sent on the wire, percent-encoded.
    public var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Self.escape($0.name))=\(Self.escape($0.value))" }.joined(separator: "&")
    }

    /// The full URL under `server` (`https://host:port`, with or without a path prefix).
    public func url(on server: String) -> String {
        (server.hasSuffix("/") ? String(server.dropLast()) : server) + target
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

/// An HTTP answer from a Kubernetes API server.
public struct KubeResponse: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// Response headers, names lowercased; repeated headers (`Warning`) joined in order.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// The `Warning: 299 - "…"` texts the server sent.
    public var warnings: [String] {
        headers.filter { $0.name == "warning" }.map { value in
            var text = value.value
            if text.hasPrefix("299 - ") { text.removeFirst(6) }
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                text = String(text.dropFirst().dropLast())
                    .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            return text
        }
    }

    public static func == (lhs: KubeResponse, rhs: KubeResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}

/// Carries requests to one cluster: libcurl in production, anything in tests.
public protocol KubeTransport: Sendable {
    /// The cluster's name, for error messages.
    var clusterName: String { get }
    /// Sends `request` and returns the whole answer, whatever its status.
    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse
    /// Sends a watch request and yields the answer's body as it arrives, in chunks.
    func stream(_ request: KubeRequest) -> AsyncThrowingStream<[UInt8], any Error>
}
