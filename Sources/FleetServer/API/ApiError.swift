import FleetModel
import Hummingbird

/// An API error: the HTTP status a client expects and a message, sent as
/// `{"error": {"status": 404, "message": "…"}}`.
public struct ApiError: Error, HTTPResponseError, Equatable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What went wrong, for people.
    public var message: String

    /// An error of `status` saying `message`.
    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// No credentials, or ones that are unknown, revoked or expired.
    public static let unauthorized = ApiError(
        .unauthorized, "a valid token is needed: Authorization: Bearer <token>, or sign in")

    /// The caller may not do this.
    public static func forbidden(_ message: String) -> ApiError { ApiError(.forbidden, message) }

    /// No such thing.
    public static func notFound(_ message: String) -> ApiError { ApiError(.notFound, message) }

    /// The request itself is wrong.
    public static func badRequest(_ message: String) -> ApiError { ApiError(.badRequest, message) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONBody.response(
            ["error": ["status": .int(Int(status.code)), "message": .string(message)]], status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}
