import FleetModel
import FleetTesting
import Foundation
import Testing

@testable import Sandbox

/// Watches as kube-apiserver serves them: 410 Expired past the kept history, BOOKMARKs,
/// `timeoutSeconds`, selector transitions, and the faults that cut watches.
@Suite("Sandbox watches")
struct SandboxWatchTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    /// Opens a watch of ConfigMaps with `query` and reads it until it ends or `count` lines came.
    static func read(
        _ api: SandboxHarness, _ query: String, count: Int = .max
    ) async throws -> [JSONValue] {
        let request = APIRequest(
            method: "GET", uri: configMaps + "?watch=true&" + query, headers: [:], body: [],
            user: SandboxHarness.admin)
        guard case .success(let watch)? = await api.cluster.startWatch(request) else {
            Issue.record("the watch did not start")
            return []
        }
        var lines = watch.initial
        if lines.count < count {
            for await output in watch.lines {
                guard case .line(let line) = output else {
                    lines.append(#"{"type":"DROPPED"}"#)
                    break
                }
                lines.append(line)
                if lines.count >= count { break }
            }
        }
        await api.cluster.stopWatch(watch.id)
        return try lines.map { try JSONReader.parse(Array($0.utf8)) }
    }

    static func create(_ api: SandboxHarness, _ name: String, labels: String = "{}") async -> Int {
        let reply = await api.send(
            "POST", configMaps,
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","labels":\#(labels)},"data":{"a":"1"}}"#
        )
        return Int(reply.body["metadata"]?["resourceVersion"]?.stringValue ?? "") ?? 0
    }

    @Test(
        "a watch from a version older than the kept history gets one 410 Expired ERROR event, as a real server sends it"
    )
    func expired() async throws {
        let api = try SandboxHarness(options: SandboxOptions(watchHistory: 3))
        let first = await Self.create(api, "a")
        for name in ["b", "c", "d", "e"] { _ = await Self.create(api, name) }
        let events = try await Self.read(api, "resourceVersion=\(first)")
        #expect(events.count == 1)
        #expect(events.first?["type"] == "ERROR")
        let status = try #require(events.first?["object"])
        #expect(status["kind"] == "Status" && status["apiVersion"] == "v1" && status["status"] == "Failure")
        #expect(status["reason"] == "Expired" && status["code"] == 410)
        #expect(status["message"]?.stringValue?.hasPrefix("too old resource version: \(first) (") == true)
        // Within the history, the changes after the version are replayed.
        let current = await api.cluster.currentResourceVersion()
        let replayed = try await Self.read(api, "resourceVersion=\(current - 2)", count: 2)
        #expect(replayed.map { $0["object"]?["metadata"]?["name"] } == ["d", "e"])
    }

    @Test("with allowWatchBookmarks, BOOKMARKs come periodically and before timeoutSeconds ends the watch")
    func bookmarks() async throws {
        let api = try SandboxHarness(options: SandboxOptions(bookmarkInterval: .milliseconds(300)))
        let version = await Self.create(api, "a")
        let events = try await Self.read(api, "resourceVersion=\(version)&allowWatchBookmarks=true&timeoutSeconds=1")
        #expect(events.count >= 2)
        #expect(events.allSatisfy { $0["type"] == "BOOKMARK" })
        let last = try #require(events.last?["object"])
        #expect(last["kind"] == "ConfigMap" && last["apiVersion"] == "v1")
        #expect(last["metadata"]?["resourceVersion"] == .string(String(version)))
        // Without the parameter, none: the watch just ends.
        let plain = try await Self.read(api, "resourceVersion=\(version)&timeoutSeconds=1")
        #expect(plain.isEmpty)
    }

    @Test("an object that starts matching the selector is ADDED, one that stops is DELETED with its previous state")
    func selectorTransitions() async throws {
        let api = try SandboxHarness()
        let version = await Self.create(api, "a")
        let patch = { (labels: String) in
            _ = await api.send(
                "PATCH", Self.configMaps + "/a", #"{"metadata":{"labels":\#(labels)}}"#,
                contentType: "application/merge-patch+json")
        }
        await patch(#"{"app.kubernetes.io/instance":"web"}"#)
        await patch(#"{"team":"x"}"#)
        await patch(#"{"app.kubernetes.io/instance":null}"#)
        let events = try await Self.read(
            api, "resourceVersion=\(version)&labelSelector=app.kubernetes.io%2Finstance&timeoutSeconds=1")
        #expect(events.map { $0["type"] } == ["ADDED", "MODIFIED", "DELETED"])
        let deleted = try #require(events.last?["object"])
        #expect(deleted["metadata"]?["labels"]?["app.kubernetes.io/instance"] == "web")
        #expect(deleted["metadata"]?["resourceVersion"] == .string(String(await api.cluster.currentResourceVersion())))
    }

    @Test("dropWatches and down cut open watches")
    func dropping() async throws {
        for faults in [SandboxFaults.droppingWatches, .down] {
            let api = try SandboxHarness()
            let reading = Task { try await Self.read(api, "allowWatchBookmarks=true") }
            #expect(await api.eventually { await api.cluster.openWatchCount() == 1 })
            await api.cluster.setFaults(faults)
            let events = try await reading.value
            #expect(events.last?["type"] == "DROPPED")
            #expect(await api.cluster.openWatchCount() == 0)
        }
    }
}
