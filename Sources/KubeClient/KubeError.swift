import FleetModel

/// Why a request to a cluster failed: a `Status` the API server answered with, or a
/// transport failure. The message names the cluster and, where it can, says what to fix;
/// it never holds a credential.
public struct KubeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Reason: String, Sendable, Equatable {
        case notFound = "NotFound"
        case alreadyExists = "AlreadyExists"
        case conflict = "Conflict"
        case invalid = "Invalid"
        case forbidden = "Forbidden"
        case unauthorized = "Unauthorized"
        case tooManyRequests = "TooManyRequests"
        case serverTimeout = "ServerTimeout"
        case badRequest = "BadRequest"
        case methodNotAllowed = "MethodNotAllowed"
        case unsupportedMediaType = "UnsupportedMediaType"
        case internalError = "InternalError"
        case serviceUnavailable = "ServiceUnavailable"
        /// Any other non-2xx answer.
        case otherStatus = "Status"
        /// No connection could be made (refused, no route, DNS).
        case unreachable = "Unreachable"
        /// The request did not finish within its timeout.
        case timedOut = "Timeout"
        /// The connection broke before the answer was complete.
        case connectionLost = "ConnectionLost"
        /// TLS failed: the server's certificate, or ours.
        case tls = "TLS"
        /// The credential could not be obtained (exec plugin, token file).
        case credential = "Credential"
        /// The answer could not be read.
        case badResponse = "BadResponse"
        /// The calling task was cancelled.
        case cancelled = "Cancelled"
        /// The cluster record cannot be used as it is (bad URL, unknown kind).
        case configuration = "Configuration"
    }

    /// One `details.causes` entry of an Invalid or Conflict status.
    public struct Cause: Sendable, Equatable {
        /// `FieldValueInvalid`, `FieldManagerConflict`, …
        public var reason: String
        /// The field, when the cause names one.
        public var field: String?
        /// The message.
        public var message: String

        /// A cause.
        public init(reason: String, field: String?, message: String) {
            self.reason = reason
            self.field = field
            self.message = message
        }
    }

    /// The kind of failure.
    public var reason: Reason
    /// The cluster the request went to.
    public var cluster: String
    /// The HTTP status code, for answers.
    public var code: Int?
    /// The server's message, or the transport's reason.
    public var message: String
    /// `details.causes` of the status.
    public var causes: [Cause]
    /// Seconds to wait before retrying (429 and 503 `Retry-After`, or `details.retryAfterSeconds`).
    public var retryAfter: Int?
    /// What to do about it, when there is something to say.
    public var hint: String?

    /// An error.
    public init(
        _ reason: Reason, cluster: String, code: Int? = nil, message: String, causes: [Cause] = [],
        retryAfter: Int? = nil, hint: String? = nil
    ) {
        self.reason = reason
        self.cluster = cluster
        self.code = code
        self.message = message
        self.causes = causes
        self.retryAfter = retryAfter
        self.hint = hint ?? Self.defaultHint(reason, retryAfter: retryAfter)
    }

    /// `cluster "prod-eu": <message> (<hint>)`.
    public var description: String {
        "cluster \"\(cluster)\": \(message)" + (hint.map { " (\($0))" } ?? "")
    }

    /// Whether trying again later may succeed.
    public var isTransient: Bool {
        [
            .tooManyRequests, .serverTimeout, .serviceUnavailable, .internalError, .timedOut, .connectionLost,
            .unreachable,
        ]
        .contains(reason)
    }

    /// Whether the server refused what was sent as malformed or invalid (400, 405, 415, 422,
    /// and an undeclared field), so that sending the same again fails the same way: the fix
    /// is in Git, not in waiting. A missing namespace, RBAC or a conflict are not refusals
    /// of the object: another sync or a moment may resolve them.
    public var refusesRequest: Bool {
        [.badRequest, .invalid, .methodNotAllowed, .unsupportedMediaType].contains(reason)
    }

    /// The error an unsuccessful answer stands for, read from its `Status` body when it has one.
    public init(response: KubeResponse, cluster: String) {
        let status = try? JSONReader.parse(response.body)
        let isStatus = status?["kind"]?.stringValue == "Status"
        let reasonText = isStatus ? status?["reason"]?.stringValue ?? "" : ""
        var reason =
            Reason(rawValue: reasonText).flatMap { Self.statusReasons.contains($0) ? $0 : nil }
            ?? Self.reason(forCode: response.status)
        var message = isStatus ? status?["message"]?.stringValue ?? "" : ""
        if let undeclared = Self.undeclaredField(in: message) {
            // Server-side apply answers 500 for a field the schema does not know: the user's
            // mistake, not the server's, and never worth retrying.
            reason = .invalid
            message = undeclared
        }
        if message.isEmpty {
            let text = String(decoding: response.body.prefix(300), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            message = text.isEmpty ? "the server answered HTTP \(response.status)" : text
        }
        let causes = (status?["details"]?["causes"]?.arrayValue ?? []).map { cause in
            Cause(
                reason: cause["reason"]?.stringValue ?? "", field: cause["field"]?.stringValue,
                message: cause["message"]?.stringValue ?? "")
        }
        let retryAfter =
            response.header("retry-after").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            ?? status?["details"]?["retryAfterSeconds"]?.intValue
        self.init(
            reason, cluster: cluster, code: response.status, message: message, causes: causes, retryAfter: retryAfter)
    }

    /// `.spec.replicaz: field not declared in schema` out of the server's
    /// `failed to create typed patch object (/web; apps/v1, Kind=Deployment): .spec.replicaz: field not declared in schema`.
    private static func undeclaredField(in message: String) -> String? {
        let marker = "field not declared in schema"
        guard message.hasSuffix(marker) else { return nil }
        guard let start = message.ranges(of: "): ").last else { return message }
        return String(message[start.upperBound...])
    }

    private static let statusReasons: Set<Reason> = [
        .notFound, .alreadyExists, .conflict, .invalid, .forbidden, .unauthorized, .tooManyRequests, .serverTimeout,
        .badRequest, .methodNotAllowed, .unsupportedMediaType, .internalError, .serviceUnavailable,
    ]

    private static func reason(forCode code: Int) -> Reason {
        switch code {
        case 400: .badRequest
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 405: .methodNotAllowed
        case 409: .conflict
        case 415: .unsupportedMediaType
        case 422: .invalid
        case 429: .tooManyRequests
        case 500: .internalError
        case 503: .serviceUnavailable
        case 504: .serverTimeout
        default: .otherStatus
        }
    }

    private static func defaultHint(_ reason: Reason, retryAfter: Int?) -> String? {
        switch reason {
        case .unauthorized:
            "the cluster refused the credentials: renew the token or certificate, then `flotilla cluster add --replace`"
        case .forbidden: "the user is authenticated but RBAC does not allow this"
        case .tooManyRequests, .serviceUnavailable:
            retryAfter.map { "the server asks to retry after \($0)s" } ?? "the server is overloaded: retry later"
        case .unreachable: "check the server URL and that the API server is running and reachable"
        case .timedOut: "the server did not answer in time: check the network or raise the timeout"
        case .connectionLost: "the connection broke mid-answer: retry"
        default: nil
        }
    }
}
