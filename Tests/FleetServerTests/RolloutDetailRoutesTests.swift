import FleetModel
import FleetServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Registry
import Testing

@testable import Engine

/// `GET /api/v1/rollouts/{applicationSet}`: the rollout as the list shows it plus its plan's
/// steps, each with its state and its targets; seen as the list sees it (viewers read), an
/// unseen or unknown rollout is 404 with one message.
@Suite("/api/v1/rollouts/{applicationSet}: a rollout's steps and targets")
struct RolloutDetailRoutesTests {
    /// web-set halted at its second step (`FakeBackend.initialRollouts`) on `web`, Degraded;
    /// its plan: canary `web-2`, early `web` (90 s bake, 1 may fail of 1), then `web-3` by
    /// no step.
    static func backend() throws -> FakeBackend {
        let backend = try FakeBackend(
            extra: [("web-2", "team-a", "web-set", nil), ("web-3", "team-a", "web-set", nil)], degraded: ["web"])
        try backend.setPlan(plan(extra: []), of: "web-set")
        return backend
    }

    static func plan(extra: [FleetTarget]) throws -> RolloutPlan {
        let wave = { (value: String) in
            LabelSelector(requirements: [LabelRequirement(key: "wave", operator: .in, values: [value])])
        }
        let strategy = RolloutStrategy(steps: [
            RolloutStep(selector: wave("canary"), pauseAfter: .seconds(90)),
            RolloutStep(selector: wave("early"), maxUnavailable: .count(1)),
        ])
        return RolloutPlan(
            strategy,
            targets: [
                try FakeBackend.target("web", project: "team-a", cluster: "prod", wave: "early"),
                try FakeBackend.target("web-2", project: "team-a", cluster: "prod", wave: "canary"),
                try FakeBackend.target("web-3", project: "team-a", cluster: "prod"),
            ] + extra)
    }

    static func get(
        _ client: some TestClientProtocol, _ name: String, token: String
    ) async throws -> (status: HTTPResponse.Status, document: JSONValue) {
        try await client.execute(uri: "/api/v1/rollouts/" + name, method: .get, headers: ApiRoutesTests.bearer(token)) {
            response throws in (response.status, try ApiRoutesTests.json(response))
        }
    }

    @Test("a viewer reads the halted rollout: the list's document, each step's state, its targets at their commits")
    func viewerReadsSteps() async throws {
        let backend = try Self.backend()
        try await ApiRoutesTests.app(backend, tokens: FakeTokens(ApiRoutesTests.identities)).test(.router) { client in
            let answer = try await Self.get(client, "web-set", token: "viewer-token")
            #expect(answer.status == .ok, "\(answer.document)")
            let document = answer.document
            #expect(document["state"] == "halted")
            #expect(document["step"] == 2)
            #expect(document["haltedTarget"] == "web@prod")
            #expect(document["haltReason"] == .string(FakeBackend.markup), "text as recorded: the page escapes it")
            let steps = try #require(document["steps"]?.arrayValue)
            #expect(steps.map { $0["number"] } == [1, 2, 3])
            #expect(steps.map { $0["state"] } == ["done", "halted", "waiting"])
            #expect(
                steps.map { $0["title"] } == ["wave=canary", "wave=early", "auto partition 1 (selected by no step)"])
            #expect(steps.map { $0["pauseAfter"] } == ["1m30s", "0s", "0s"])
            #expect(steps.map { $0["maxUnavailable"] } == [0, 1, 0])
            #expect(steps.map { $0["maxUpdate"] } == [1, 1, 1])
            #expect(
                steps[1]["targets"]
                    == [
                        [
                            "application": "web", "cluster": "prod", "project": "team-a", "syncStatus": "Synced",
                            "health": "Degraded", "revision": "def", "lastSyncRevision": "def",
                        ]
                    ])
            let waiting = try #require(steps[2]["targets"]?.arrayValue?.first)
            #expect(waiting["application"] == "web-3")
            #expect(waiting["health"] == "Healthy")
            #expect(waiting["revision"] == "def", "the commit the rollout takes it to")
            #expect(waiting["lastSyncRevision"] == .null, "never synced by Flotilla")
        }
    }

    @Test("another project's rollout, one naming a target the caller may not see, and none: 404 with one message")
    func unseenIsUnknown() async throws {
        let backend = try Self.backend()
        try await ApiRoutesTests.app(backend, tokens: FakeTokens(ApiRoutesTests.identities)).test(.router) { client in
            #expect(try await Self.get(client, "web-set", token: "team-a-token").status == .ok, "team-a's own")
            // The plan gains a team-b target the registry has not recorded yet.
            let hidden = try FakeBackend.target("hidden", project: "team-b", cluster: "prod", wave: "early")
            backend.setPlan(try Self.plan(extra: [hidden]), of: "web-set")
            var messages: [String] = []
            for name in ["api-set", "web-set", "nope-set"] {
                let answer = try await Self.get(client, name, token: "team-a-token")
                #expect(answer.status == .notFound, "\(name)")
                messages.append(
                    try #require(answer.document["error"]?["message"]?.stringValue)
                        .replacingOccurrences(of: name, with: "X"))
            }
            #expect(Set(messages) == ["ApplicationSet X has no rollout on record"], "\(messages)")
            let everyProject = try await Self.get(client, "web-set", token: "viewer-token")
            #expect(everyProject.status == .ok)
            let targets = try #require(everyProject.document["steps"]?.arrayValue?[1]["targets"]?.arrayValue)
            #expect(targets.count == 2)
            let unrecorded = targets.last
            #expect(unrecorded?["application"] == "hidden")
            #expect(unrecorded?["syncStatus"] == .null && unrecorded?["health"] == .null, "not recorded yet")
            #expect(try await Self.get(client, "nope-set", token: "admin-token").status == .notFound)
        }
    }

    @Test("a rollout whose plan the controller does not know (yet): the record, no steps")
    func noPlan() async throws {
        let backend = try Self.backend()
        try await ApiRoutesTests.app(backend, tokens: FakeTokens(ApiRoutesTests.identities)).test(.router) { client in
            let answer = try await Self.get(client, "api-set", token: "viewer-token")
            #expect(answer.status == .ok)
            #expect(answer.document["state"] == "completed")
            #expect(answer.document["steps"] == .array([]))
        }
    }
}
