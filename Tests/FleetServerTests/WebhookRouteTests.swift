import Controller
import FleetServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@Suite("POST /api/webhook")
struct WebhookRouteTests {
    /// Pushes handed to the controller.
    final class Pushes: Sendable {
        let received = Mutex<[WebhookPush]>([])
        func append(_ push: WebhookPush) { received.withLock { $0.append(push) } }
        var all: [WebhookPush] { received.withLock { $0 } }
    }

    static let body = """
        {"ref": "refs/heads/main", "after": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
         "repository": {"html_url": "https://github.com/org/gitops", "clone_url": "https://github.com/org/gitops.git",
                        "ssh_url": "git@github.com:org/gitops.git"}}
        """

    func app(_ pushes: Pushes, bodyLimit: Int = WebhookParser.defaultBodyLimit) -> some ApplicationProtocol {
        let router = Router()
        WebhookRoute.add(to: router, secrets: WebhookSecrets(github: "s3cret"), bodyLimit: bodyLimit) { push in
            pushes.append(push)
        }
        return Application(router: router)
    }

    static func headers(event: String = "push", signature: String?) -> HTTPFields {
        var fields: HTTPFields = [.init("X-GitHub-Event")!: event, .contentType: "application/json"]
        if let signature { fields[.init("X-Hub-Signature-256")!] = signature }
        return fields
    }

    /// The answer's `message`, or "" when the body is not `{"message": …}`.
    static func message(_ response: TestResponse) -> String {
        let data = Data(buffer: response.body)
        return (try? JSONDecoder().decode([String: String].self, from: data))?["message"] ?? ""
    }

    @Test("a signed push reaches the controller: 200")
    func push() async throws {
        let pushes = Pushes()
        try await app(pushes).test(.router) { client in
            let signature = "sha256=" + WebhookSignature.hmacHex(Array(Self.body.utf8), secret: "s3cret")
            try await client.execute(
                uri: "/api/webhook", method: .post, headers: Self.headers(signature: signature),
                body: ByteBuffer(string: Self.body)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(Self.message(response).contains("https://github.com/org/gitops"))
            }
        }
        #expect(pushes.all.count == 1)
        #expect(pushes.all.first?.matches(repoURL: "git@github.com:org/gitops") == true)
    }

    @Test("a bad or missing signature: 401, nothing refreshed")
    func unauthorized() async throws {
        let pushes = Pushes()
        try await app(pushes).test(.router) { client in
            for signature in ["sha256=" + WebhookSignature.hmacHex(Array(Self.body.utf8), secret: "guess"), nil] {
                try await client.execute(
                    uri: "/api/webhook", method: .post, headers: Self.headers(signature: signature),
                    body: ByteBuffer(string: Self.body)
                ) { response in
                    #expect(response.status == .unauthorized)
                    let message = Self.message(response)
                    #expect(message.contains("unauthorized"))
                    #expect(!message.contains("s3cret"))
                }
            }
        }
        #expect(pushes.all.isEmpty)
    }

    @Test("an unknown shape or sender: 400; a ping: 200 and ignored; too large: 413")
    func otherAnswers() async throws {
        let pushes = Pushes()
        try await app(pushes, bodyLimit: 4096).test(.router) { client in
            let odd = #"{"zen": "hello"}"#
            let oddSignature = "sha256=" + WebhookSignature.hmacHex(Array(odd.utf8), secret: "s3cret")
            try await client.execute(
                uri: "/api/webhook", method: .post, headers: Self.headers(signature: oddSignature),
                body: ByteBuffer(string: odd)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(Self.message(response).contains("malformed payload"))
            }
            try await client.execute(
                uri: "/api/webhook", method: .post, headers: Self.headers(event: "ping", signature: oddSignature),
                body: ByteBuffer(string: odd)
            ) { response in
                #expect(response.status == .ok)
                #expect(Self.message(response).contains("ignored"))
            }
            try await client.execute(
                uri: "/api/webhook", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: odd)
            ) { response in
                #expect(response.status == .badRequest)
            }
            let large = String(repeating: " ", count: 5000) + odd
            try await client.execute(
                uri: "/api/webhook", method: .post, headers: Self.headers(signature: oddSignature),
                body: ByteBuffer(string: large)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(Self.message(response).contains("4096"))
            }
        }
        #expect(pushes.all.isEmpty)
    }
}
