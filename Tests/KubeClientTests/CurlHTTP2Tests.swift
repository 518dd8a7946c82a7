import CurlTransport
import FleetModel
import FleetTesting
import Foundation
import KubeClient
import Sandbox
import Testing

/// libcurl speaks HTTP/2 to a sandbox cluster as to kube-apiserver: one connection
/// per cluster carries every request at once, watches included.
@Suite("libcurl over HTTP/2 against a sandbox cluster")
struct CurlHTTP2Tests {
    @Test(
        "a burst of 64 requests is multiplexed on one HTTP/2 connection, not queued on 6 HTTP/1.1 ones",
        arguments: ["token", "certificate"])
    func multiplexing(credential: String) async throws {
        try await SandboxEndpoints.with { sandbox in
            var faults = SandboxFaults()
            faults.latencyMilliseconds = 300
            try await sandbox.server.setFaults(faults)
            let client = sandbox.client(credential == "token" ? sandbox.token : sandbox.certificate)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<64 { group.addTask { _ = try await client.version() } }
                try await group.waitForAll()
            }
            let statistics = await sandbox.cluster.currentStatistics()
            #expect(statistics.requestsByMethod["GET"] == 64)
            #expect(statistics.connections == 1 && statistics.http2Connections == 1, "\(statistics)")
            #expect(statistics.maxInFlight > 6, "more at once than six HTTP/1.1 connections carry: \(statistics)")
        }
    }

    @Test("a watch rides HTTP/2 beside other requests and ends cleanly at timeoutSeconds")
    func watch() async throws {
        try await SandboxEndpoints.with { sandbox in
            let client = sandbox.client(sandbox.certificate)
            let configMaps = try await client.resource(apiVersion: "v1", kind: "ConfigMap")
            let current = try await client.list(configMaps, namespace: "default", options: ListOptions())
            let events = client.watch(
                configMaps, namespace: "default", options: ListOptions(timeoutSeconds: 2),
                resourceVersion: current.resourceVersion)
            _ = try await client.create(KubeClientSandboxTests.configMap("a"), as: configMaps, dryRun: false)
            let (types, ended) = await KubeClientWatchTests.drain(events)
            #expect(types.contains("ADDED"), "\(types)")
            #expect(ended == nil, "\(String(describing: ended))")
            let statistics = await sandbox.cluster.currentStatistics()
            #expect(
                statistics.connections >= 1 && statistics.http2Connections == statistics.connections, "\(statistics)")
        }
    }
}
