import Controller
import FleetModel
import FleetServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Testing

/// `POST /api/v1/rollouts/{applicationSet}/resume|abort`: operators and admins who may see every
/// target of the rollout; others 403, an unseen or unknown rollout 404, a state that does not
/// allow it or a busy target 409.
@Suite("/api/v1/rollouts: Resume and Abort")
struct RolloutActionRoutesTests {
    static func post(
        _ client: some TestClientProtocol, _ path: String, token: String
    ) async throws -> (status: HTTPResponse.Status, document: JSONValue) {
        try await client.execute(uri: "/api/v1/rollouts/" + path, method: .post, headers: ApiRoutesTests.bearer(token))
        {
            response throws in (response.status, try ApiRoutesTests.json(response))
        }
    }

    @Test("a viewer may not resume or abort: 403, nothing asked")
    func viewerRefused() async throws {
        let backend = try FakeBackend()
        try await ApiRoutesTests.app(backend, tokens: FakeTokens(ApiRoutesTests.identities)).test(.router) { client in
            for action in ["resume", "abort"] {
                let answer = try await Self.post(client, "web-set/\(action)", token: "viewer-token")
                #expect(answer.status == .forbidden, "\(action)")
                #expect(answer.document["error"]?["message"]?.stringValue?.contains("needs operator") == true)
            }
        }
        #expect(backend.askedRollouts.isEmpty)
    }

    @Test(
        "an operator of the project resumes the halted rollout, then aborts it: 200 with the rollout, asked as its token"
    )
    func resumeThenAbort() async throws {
        let backend = try FakeBackend()
        try await ApiRoutesTests.app(backend, tokens: FakeTokens(ApiRoutesTests.identities)).test(.router) { client in
            let resumed = try await Self.post(client, "web-set/resume", token: "team-a-token")
            #expect(resumed.status == .ok)
            #expect(resumed.document["rollout"]?["applicationSet"] == "web-set")
            #expect(resumed.document["rollout"]?["state"] == "progressing")
            #expect(resumed.document["rollout"]?["haltedTarget"] == .null, "the halt is cleared")
            #expect(resumed.document["results"] == .array([]))

            let aborted = try await Self.post(client, "web-set/abort", token: "admin-token")
            #expect(aborted.status == .ok)
            #expect(aborted.document["rollout"]?["state"] == "aborted")
        }
        #expect(
            backend.askedRollouts == [
                FakeBackend.AskedRollout(action: "resume", applicationSet: "web-set", initiator: .token("ann")),
                FakeBackend.AskedRollout(action: "abort", applicationSet: "web-set", initiator: .token("root")),
            ])
        #expect(try backend.rollouts().first { $0.applicationSet == "web-set" }?.state == .aborted)
    }

    @Test("another project's rollout answers as an unknown one: 404 with the same message, nothing asked")
    func unseenIsUnknown() async throws {
        // web-set also generates a team-b Application: team-a may not act on its rollout.
        let backend = try FakeBackend(extra: [("web-b", "team-b", "web-set", nil)])
        try await ApiRoutesTests.app(backend, tokens: FakeTokens(ApiRoutesTests.identities)).test(.router) { client in
            var messages: [String] = []
            for path in ["api-set/abort", "web-set/resume", "nope-set/abort"] {
                let answer = try await Self.post(client, path, token: "team-a-token")
                #expect(answer.status == .notFound, "\(path)")
                messages.append(
                    try #require(answer.document["error"]?["message"]?.stringValue)
                        .replacingOccurrences(of: path.split(separator: "/")[0], with: "X"))
            }
            #expect(Set(messages) == ["ApplicationSet X has no rollout on record"], "\(messages)")
            let unknown = try await Self.post(client, "nope-set/resume", token: "operator-token")
            #expect(unknown.status == .notFound, "a caller of every project: no such rollout")
        }
        #expect(backend.askedRollouts.isEmpty, "a rollout the caller may not see, or none, is never asked for")
    }

    @Test("409: resuming a rollout that is not halted or aborted, aborting a completed one, or a busy target")
    func conflicts() async throws {
        let backend = try FakeBackend()
        try await ApiRoutesTests.app(backend, tokens: FakeTokens(ApiRoutesTests.identities)).test(.router) { client in
            let resume = try await Self.post(client, "api-set/resume", token: "operator-token")
            #expect(resume.status == .conflict)
            #expect(resume.document["error"]?["message"]?.stringValue?.contains("is completed") == true)
            let abort = try await Self.post(client, "api-set/abort", token: "operator-token")
            #expect(abort.status == .conflict)
            #expect(
                abort.document["error"]?["message"]
                    == "the rollout of api-set is completed: there is nothing to abort")

            backend.makeBusy("web@prod")
            let busy = try await Self.post(client, "web-set/abort", token: "operator-token")
            #expect(busy.status == .conflict)
            #expect(busy.document["error"]?["message"]?.stringValue?.contains("web@prod") == true)
            #expect(busy.document["error"]?["message"]?.stringValue?.contains("already running") == true)
        }
        #expect(backend.askedRollouts.map(\.action) == ["resume", "abort", "abort"], "the controller refused each")
        #expect(try backend.rollouts().first { $0.applicationSet == "web-set" }?.state == .halted)
    }
}
