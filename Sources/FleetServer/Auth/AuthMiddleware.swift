import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Registry

/// Reads who is calling: `Authorization: Bearer <token>` (scripts), else the session cookie
/// of a signed-in page — whose unsafe requests (POST, PUT, PATCH, DELETE) must carry the
/// session's CSRF token in `X-CSRF-Token`. A request without valid credentials is refused
/// with 401; routes then check roles (`FleetRequestContext.caller(atLeast:)`).
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = FleetRequestContext

    /// The session cookie's name.
    public static let cookieName = "flotilla_session"
    /// The header that carries the CSRF token.
    public static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    let tokens: any TokenVerifier
    let sessions: SessionStore

    /// A middleware checking tokens with `tokens` and sessions in `sessions`.
    public init(tokens: any TokenVerifier, sessions: SessionStore) {
        self.tokens = tokens
        self.sessions = sessions
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.identity = try authenticate(request)
        return try await next(request, context)
    }

    private func authenticate(_ request: Request) throws(ApiError) -> ApiIdentity {
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else { throw .unauthorized }
            return try tokens.requireIdentity(
                presenting: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        }
        guard let id = request.cookies[Self.cookieName]?.value, let session = sessions.session(id) else {
            throw .unauthorized
        }
        if ![.get, .head, .options].contains(request.method) {
            let sent = request.headers[Self.csrfHeader] ?? ""
            guard Self.same(sent, session.csrfToken) else {
                throw .forbidden("this action needs the session's CSRF token in X-CSRF-Token")
            }
        }
        return try tokens.requireIdentity(presenting: session.token)
    }

    /// Compares two secrets in time independent of where they differ.
    static func same(_ sent: String, _ expected: String) -> Bool {
        let sent = Array(sent.utf8)
        let expected = Array(expected.utf8)
        guard sent.count == expected.count else { return false }
        return zip(sent, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
