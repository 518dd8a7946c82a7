import CurlTransport
import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Sandbox
import Testing

/// Watches over HTTPS and libcurl against a sandbox cluster: what `ClusterWatch` relies on.
@Suite("KubeClient watches against a sandbox cluster")
struct KubeClientWatchTests {
    /// What a watch stream did: its event types, and how it ended.
    static func drain(_ events: AsyncThrowingStream<WatchEvent, any Error>) async -> ([String], (any Error)?) {
        var types: [String] = []
        do {
            for try await event in events { types.append(event.type) }
            return (types, nil)
        } catch {
            return (types, error)
        }
    }

    @Test("410 Expired past the history, a BOOKMARK then a clean end at timeoutSeconds, an error when the watch is cut")
    func watchEnds() async throws {
        let fleet = try await SandboxFleet.start(names: ["sbx"], options: SandboxOptions(watchHistory: 2))
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sandbox = SandboxEndpoints(fleet: fleet, folder: folder)
        do {
            let client = sandbox.client(sandbox.token)
            let configMaps = try await client.resource(apiVersion: "v1", kind: "ConfigMap")
            var first: String?
            for name in ["a", "b", "c", "d"] {
                let created = try await client.create(
                    KubeClientSandboxTests.configMap(name), as: configMaps, dryRun: false)
                first = first ?? created["metadata"]?["resourceVersion"]?.stringValue
            }
            let (expiredTypes, expired) = await Self.drain(
                client.watch(configMaps, namespace: "default", options: ListOptions(), resourceVersion: first))
            #expect(expiredTypes.isEmpty)
            let error = try #require(expired as? KubeError)
            #expect(error.code == 410)
            #expect(error.message.hasPrefix("too old resource version: \(first ?? "")"))

            let current = try await client.list(configMaps, namespace: "default", options: ListOptions())
            let (types, ended) = await Self.drain(
                client.watch(
                    configMaps, namespace: "default", options: ListOptions(timeoutSeconds: 1),
                    resourceVersion: current.resourceVersion))
            #expect(types == ["BOOKMARK"])
            #expect(ended == nil)

            let cut = Task {
                await Self.drain(
                    client.watch(
                        configMaps, namespace: "default", options: ListOptions(),
                        resourceVersion: current.resourceVersion))
            }
            #expect(await Self.eventually { await sandbox.cluster.openWatchCount() == 1 })
            try await sandbox.server.setFaults(.droppingWatches)
            let (_, dropped) = await cut.value
            #expect((dropped as? KubeError)?.isTransient == true)
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
    }

    @Test("open watches do not hold up other requests: more watches than connections per host, then a list")
    func watchesDoNotStarveRequests() async throws {
        try await SandboxEndpoints.with { sandbox in
            let client = sandbox.client(sandbox.token)
            let configMaps = try await client.resource(apiVersion: "v1", kind: "ConfigMap")
            let watches = (0..<(ClusterEndpoint.defaultMaxConnections + 4)).map { _ in
                Task {
                    await Self.drain(
                        client.watch(configMaps, namespace: nil, options: ListOptions(), resourceVersion: nil))
                }
            }
            #expect(await Self.eventually { await sandbox.cluster.openWatchCount() == watches.count })
            // Bounded, so that a starved request fails the test instead of hanging it.
            let listing = Task { try await client.list(configMaps, namespace: "default", options: ListOptions()) }
            let deadline = Task {
                try await Task.sleep(for: .seconds(30))
                listing.cancel()
            }
            let listed = try await listing.value
            deadline.cancel()
            #expect(listed.items.isEmpty)
            for watch in watches { watch.cancel() }
        }
    }

    static func eventually(_ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return await condition()
    }
}
