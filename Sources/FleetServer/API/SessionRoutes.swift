import FleetModel
import Hummingbird
import Registry

/// `/api/v1/session`: the dashboard signs in with a token (POST), learns who it is and its
/// CSRF token again after a reload (GET), and signs out (DELETE). The session lives in an
/// HttpOnly, SameSite=Strict cookie (Secure under TLS); the token is never sent back.
enum SessionRoutes {
    static func add(
        to router: Router<FleetRequestContext>, tokens: any TokenVerifier, sessions: SessionStore, secure: Bool
    ) {
        router.post("api/v1/session") { request, _ in
            let body = try await JSONBody.object(of: request, limit: 4096)
            guard let token = body["token"]?.stringValue, !token.isEmpty else {
                throw ApiError.badRequest("give the token to sign in with: {\"token\": \"…\"}")
            }
            let identity = try tokens.requireIdentity(presenting: token)
            let (id, session) = sessions.open(token: token)
            var response = JSONBody.response(document(identity, csrfToken: session.csrfToken))
            response.setCookie(
                Cookie(
                    name: AuthMiddleware.cookieName, value: id, path: "/", secure: secure, httpOnly: true,
                    sameSite: .strict))
            return response
        }
        router.get("api/v1/session") { request, _ in
            guard let id = request.cookies[AuthMiddleware.cookieName]?.value, let session = sessions.session(id) else {
                throw ApiError.unauthorized
            }
            return JSONBody.response(
                document(try tokens.requireIdentity(presenting: session.token), csrfToken: session.csrfToken))
        }
        router.delete("api/v1/session") { request, _ in
            guard let id = request.cookies[AuthMiddleware.cookieName]?.value, let session = sessions.session(id) else {
                throw ApiError.unauthorized
            }
            guard AuthMiddleware.same(request.headers[AuthMiddleware.csrfHeader] ?? "", session.csrfToken) else {
                throw ApiError.forbidden("signing out needs the session's CSRF token in X-CSRF-Token")
            }
            sessions.close(id)
            var response = Response(status: .noContent)
            response.setCookie(
                Cookie(
                    name: AuthMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true,
                    sameSite: .strict))
            return response
        }
    }

    private static func document(_ identity: ApiIdentity, csrfToken: String) -> JSONValue {
        [
            "name": .string(identity.name), "role": .string(identity.role.rawValue),
            "projects": .array(identity.projects.map(JSONValue.string)), "csrfToken": .string(csrfToken),
        ]
    }
}
