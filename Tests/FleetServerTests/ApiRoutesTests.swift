import Controller
import FleetModel
import FleetServer
import FleetTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Testing

@testable import Engine

@Suite("/api/v1: tokens, roles, sessions, CSRF, errors")
struct ApiRoutesTests {
    static let identities: [String: ApiIdentity] = [
        "viewer-token": ApiIdentity(name: "val", role: .viewer, projects: []),
        "operator-token": ApiIdentity(name: "olga", role: .operator, projects: []),
        "team-a-token": ApiIdentity(name: "ann", role: .operator, projects: ["team-a"]),
        "admin-token": ApiIdentity(name: "root", role: .admin, projects: []),
        "team-admin-token": ApiIdentity(name: "lead", role: .admin, projects: ["team-a"]),
    ]

    static func app(
        _ backend: FakeBackend, tokens: FakeTokens, sessions: SessionStore = SessionStore()
    )
        -> some ApplicationProtocol
    {
        let router = Router(context: FleetRequestContext.self)
        ApiRoutes.add(to: router, backend: backend, tokens: tokens, sessions: sessions, secureCookies: false)
        return Application(router: router)
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    static func json(_ response: TestResponse) throws -> JSONValue {
        try JSONReader.parse(String(buffer: response.body))
    }

    @Test("no token, a bad one, or a revoked one: 401 with a JSON error; never the token in the answer")
    func unauthenticated() async throws {
        let backend = try FakeBackend()
        let tokens = FakeTokens(Self.identities)
        tokens.revoke("operator-token")
        try await Self.app(backend, tokens: tokens).test(.router) { client in
            for headers in [
                HTTPFields(), Self.bearer("guess"), Self.bearer("operator-token"), [.authorization: "Basic x"],
            ] {
                try await client.execute(uri: "/api/v1/targets", method: .get, headers: headers) { response throws in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    let body = String(buffer: response.body)
                    let document = try Self.json(response)
                    #expect(document["error"]?["status"]?.intValue == 401)
                    #expect(!body.contains("operator-token") && !body.contains("guess"))
                }
            }
        }
    }

    @Test("a viewer reads but may not sync, refresh or roll back: 403; an operator's sync is asked as its token")
    func roles() async throws {
        let backend = try FakeBackend()
        try await Self.app(backend, tokens: FakeTokens(Self.identities)).test(.router) { client in
            try await client.execute(uri: "/api/v1/targets", method: .get, headers: Self.bearer("viewer-token")) {
                response throws in
                #expect(response.status == .ok)
                let document = try Self.json(response)
                #expect(document["items"]?.arrayValue?.count == 3)
            }
            for action in ["sync", "refresh", "rollback"] {
                try await client.execute(
                    uri: "/api/v1/targets/web/prod/\(action)", method: .post, headers: Self.bearer("viewer-token"),
                    body: ByteBuffer(string: #"{"id": 7}"#)
                ) { response throws in
                    #expect(response.status == .forbidden)
                    let document = try Self.json(response)
                    #expect(document["error"]?["message"]?.stringValue?.contains("viewer") == true)
                }
            }
            try await client.execute(
                uri: "/api/v1/targets/web/prod/sync", method: .post, headers: Self.bearer("operator-token"),
                body: ByteBuffer(string: #"{"prune": true}"#)
            ) { response throws in
                #expect(response.status == .ok)
                let document = try Self.json(response)
                #expect(document["result"]?["succeeded"]?.boolValue == true)
            }
        }
        #expect(
            backend.asked == [
                FakeBackend.Asked(
                    action: .sync(prune: true, dryRun: false), target: "web@prod", initiator: .token("olga"))
            ])
    }

    @Test("a token limited to a project sees only its targets; another project's target is not found")
    func projects() async throws {
        let backend = try FakeBackend()
        try await Self.app(backend, tokens: FakeTokens(Self.identities)).test(.router) { client in
            try await client.execute(uri: "/api/v1/targets", method: .get, headers: Self.bearer("team-a-token")) {
                response throws in
                let names = try Self.json(response)["items"]?.arrayValue?.compactMap { $0["application"]?.stringValue }
                #expect(names?.sorted() == ["evil.app", "web"])
            }
            for (method, uri) in [
                (HTTPRequest.Method.get, "/api/v1/targets/api/prod"), (.post, "/api/v1/targets/api/prod/sync"),
            ] {
                try await client.execute(uri: uri, method: method, headers: Self.bearer("team-a-token")) {
                    #expect($0.status == .notFound)
                }
            }
        }
        #expect(backend.asked.isEmpty)
    }

    @Test("rollouts: where each stands and why it halted; a project's token sees only its ApplicationSets'")
    func rollouts() async throws {
        let backend = try FakeBackend()
        try await Self.app(backend, tokens: FakeTokens(Self.identities)).test(.router) { client in
            try await client.execute(uri: "/api/v1/rollouts", method: .get, headers: Self.bearer("viewer-token")) {
                response throws in
                let items = try #require(try Self.json(response)["items"]?.arrayValue)
                #expect(items.compactMap { $0["applicationSet"]?.stringValue } == ["api-set", "web-set"])
                #expect(items[1]["state"] == "halted")
                #expect(items[1]["step"] == 2, "steps count from 1")
                #expect(items[1]["haltedTarget"] == "web@prod")
                #expect(items[1]["haltReason"] == .string(FakeBackend.markup), "text, never markup")
            }
            try await client.execute(uri: "/api/v1/rollouts", method: .get, headers: Self.bearer("team-a-token")) {
                response throws in
                let items = try #require(try Self.json(response)["items"]?.arrayValue)
                #expect(items.compactMap { $0["applicationSet"]?.stringValue } == ["web-set"])
            }
        }
    }

    @Test("rollouts: a child Application (app of apps) of the same ApplicationSet name does not make one visible")
    func rolloutsOfChildrenStayHidden() async throws {
        // team-a's parent `web` renders a child generated by an ApplicationSet also named `api-set` (team-b's).
        let backend = try FakeBackend(extra: [("api-child", "team-a", "api-set", "web@prod")])
        try await Self.app(backend, tokens: FakeTokens(Self.identities)).test(.router) { client in
            try await client.execute(uri: "/api/v1/rollouts", method: .get, headers: Self.bearer("team-a-token")) {
                response throws in
                let items = try #require(try Self.json(response)["items"]?.arrayValue)
                #expect(items.compactMap { $0["applicationSet"]?.stringValue } == ["web-set"])
            }
        }
    }

    @Test("rollouts: one whose plan reaches a project the caller may not see is hidden from it")
    func rolloutsAcrossProjects() async throws {
        // web-set also generates a team-b Application: its rollout tells of team-b's target.
        let backend = try FakeBackend(extra: [("web-b", "team-b", "web-set", nil)])
        try await Self.app(backend, tokens: FakeTokens(Self.identities)).test(.router) { client in
            try await client.execute(uri: "/api/v1/rollouts", method: .get, headers: Self.bearer("team-a-token")) {
                response throws in
                let items = try #require(try Self.json(response)["items"]?.arrayValue)
                #expect(items.isEmpty)
            }
            try await client.execute(uri: "/api/v1/rollouts", method: .get, headers: Self.bearer("viewer-token")) {
                response throws in
                let items = try #require(try Self.json(response)["items"]?.arrayValue)
                #expect(items.count == 2, "a caller of every project sees both")
            }
        }
    }

    @Test("errors a client expects: 409 while the target runs, 404 for an unknown target, 400 for a bad body")
    func errors() async throws {
        let backend = try FakeBackend()
        backend.makeBusy("web@prod")
        try await Self.app(backend, tokens: FakeTokens(Self.identities)).test(.router) { client in
            let operatorToken = Self.bearer("operator-token")
            try await client.execute(uri: "/api/v1/targets/web/prod/sync", method: .post, headers: operatorToken) {
                response throws in
                #expect(response.status == .conflict)
                let document = try Self.json(response)
                #expect(document["error"]?["message"]?.stringValue?.contains("already running") == true)
            }
            try await client.execute(uri: "/api/v1/targets/nope/prod/sync", method: .post, headers: operatorToken) {
                #expect($0.status == .notFound)
            }
            try await client.execute(
                uri: "/api/v1/targets/web/prod/rollback", method: .post, headers: operatorToken,
                body: ByteBuffer(string: "[1]")
            ) { #expect($0.status == .badRequest) }
            try await client.execute(
                uri: "/api/v1/targets/web/prod/sync", method: .post, headers: operatorToken,
                body: ByteBuffer(string: #"{"prune": "yes"}"#)
            ) { #expect($0.status == .badRequest) }
        }
    }

    @Test("markup in a message travels as JSON text; a target is addressed percent-encoded")
    func markupName() async throws {
        let backend = try FakeBackend()
        try await Self.app(backend, tokens: FakeTokens(Self.identities)).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/targets/evil%2Eapp/prod", method: .get, headers: Self.bearer("viewer-token")
            ) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let document = try Self.json(response)
                #expect(document["target"]?["application"]?.stringValue == "evil.app")
                #expect(document["target"]?["message"]?.stringValue == FakeBackend.markup)
                #expect(document["history"]?.arrayValue?.first?["initiatedBy"] == "token:alice")
            }
        }
    }

    @Test("the page signs in: HttpOnly SameSite=Strict cookie; reads with it; actions need its CSRF token")
    func sessions() async throws {
        let backend = try FakeBackend()
        let tokens = FakeTokens(Self.identities)
        try await Self.app(backend, tokens: tokens).test(.router) { client in
            let (cookie, csrf) = try await client.execute(
                uri: "/api/v1/session", method: .post, body: ByteBuffer(string: #"{"token": "operator-token"}"#)
            ) { response -> (String, String) in
                #expect(response.status == .ok)
                let setCookie = try #require(response.headers[.setCookie])
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
                #expect(!String(buffer: response.body).contains("operator-token"))
                let document = try Self.json(response)
                #expect(document["role"] == "operator")
                return (
                    String(setCookie.split(separator: ";")[0]), try #require(document["csrfToken"]?.stringValue)
                )
            }
            let withCookie: HTTPFields = [.cookie: cookie]
            try await client.execute(uri: "/api/v1/targets", method: .get, headers: withCookie) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/session", method: .get, headers: withCookie) { response throws in
                let document = try Self.json(response)
                #expect(document["csrfToken"]?.stringValue == csrf)
            }
            for header in [nil, "wrong"] {
                var headers = withCookie
                if let header { headers[AuthMiddleware.csrfHeader] = header }
                try await client.execute(uri: "/api/v1/targets/web/prod/sync", method: .post, headers: headers) {
                    response throws in
                    #expect(response.status == .forbidden)
                    let document = try Self.json(response)
                    #expect(document["error"]?["message"]?.stringValue?.contains("CSRF") == true)
                }
            }
            var good = withCookie
            good[AuthMiddleware.csrfHeader] = csrf
            try await client.execute(uri: "/api/v1/targets/web/prod/refresh", method: .post, headers: good) {
                #expect($0.status == .accepted)
            }
            // Revoking the token ends its sessions at once.
            tokens.revoke("operator-token")
            try await client.execute(uri: "/api/v1/targets", method: .get, headers: withCookie) {
                #expect($0.status == .unauthorized)
            }
        }
        #expect(backend.asked.isEmpty)
    }

    @Test("signing in with a bad token: 401 and no cookie")
    func badSignIn() async throws {
        let backend = try FakeBackend()
        try await Self.app(backend, tokens: FakeTokens(Self.identities)).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/session", method: .post, body: ByteBuffer(string: #"{"token": "guess"}"#)
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
            }
        }
    }

    @Test("events: a reconciled target reaches a listening page as `event: target`, other projects' do not")
    func events() async throws {
        let backend = try FakeBackend()
        let body = try await Self.app(backend, tokens: FakeTokens(Self.identities)).test(.router) { client in
            async let answer = client.execute(
                uri: "/api/v1/events", method: .get, headers: Self.bearer("team-a-token")
            ) { String(buffer: $0.body) }
            try await eventually("the page listens") { backend.live.subscriberCount == 1 }
            for target in backend.fleetTargets {
                backend.live.reconciled(
                    TargetReport(
                        target: target, comparison: nil, sync: nil, syncStatus: .outOfSync,
                        health: HealthAssessment(.healthy), error: "", startedAt: ContinuousClock.now,
                        duration: .zero),
                    trigger: .drift)
            }
            backend.live.close()
            return try await answer
        }
        #expect(body.contains("event: target\ndata: {"))
        #expect(body.contains(#""application":"web""#))
        #expect(body.contains(#""state":"OutOfSync""#))
        #expect(!body.contains(#""application":"api""#))
    }

    @Test("admins manage tokens: the secret only in the creating answer; others 403; errors 400, 404, 409")
    func tokens() async throws {
        let backend = try FakeBackend()
        try await Self.app(backend, tokens: FakeTokens(Self.identities)).test(.router) { client in
            for token in ["operator-token", "team-admin-token"] {
                try await client.execute(uri: "/api/v1/tokens", method: .get, headers: Self.bearer(token)) {
                    #expect($0.status == .forbidden)
                }
            }
            let admin = Self.bearer("admin-token")
            let secret = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: admin,
                body: ByteBuffer(
                    string:
                        #"{"name": "ci", "role": "operator", "projects": ["web"], "expiresAt": "2099-01-01T00:00:00Z"}"#
                )
            ) { response throws -> String in
                #expect(response.status == .created)
                let document = try Self.json(response)
                #expect(document["token"]?["role"] == "operator")
                #expect(document["token"]?["secretHash"] == nil)
                return try #require(document["secret"]?.stringValue)
            }
            #expect(try backend.registry.identity(presenting: secret, now: Date())?.name == "ci")
            try await client.execute(uri: "/api/v1/tokens", method: .get, headers: admin) { response throws in
                let body = String(buffer: response.body)
                #expect(!body.contains(secret) && !body.contains("secretHash"))
                let document = try Self.json(response)
                #expect(document["items"]?.arrayValue?.first?["status"] == "active")
            }
            for (body, status) in [
                (#"{"name": "ci", "role": "viewer"}"#, HTTPResponse.Status.conflict),
                (#"{"name": "x", "role": "root"}"#, .badRequest), (#"{"name": "../x", "role": "viewer"}"#, .badRequest),
                (#"{"name": "y", "role": "viewer", "expiresAt": "soon"}"#, .badRequest),
            ] {
                try await client.execute(
                    uri: "/api/v1/tokens", method: .post, headers: admin, body: ByteBuffer(string: body)
                ) { #expect($0.status == status, "\(body)") }
            }
            try await client.execute(uri: "/api/v1/tokens/ci", method: .delete, headers: admin) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/tokens/ci", method: .delete, headers: admin) {
                #expect($0.status == .notFound)
            }
        }
        #expect(try backend.apiTokens().first?.revokedAt != nil)
    }
}
