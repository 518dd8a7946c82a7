import ArgumentParser
import CurlTransport
import FleetModel
import Foundation
import KubeClient
import KubeConfig

/// `flotilla-bench client` (the default subcommand): GETs or server-side applies against one
/// cluster at a fixed concurrency, through `KubeClient` and libcurl; prints one JSON line of figures.
struct ClientBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Measure KubeClient throughput against one cluster.")

    @Option(help: "The kubeconfig file.") var kubeconfig: String
    @Option(help: "The context to use.") var context: String
    @Option(help: "get or apply.") var verb: String = "get"
    @Option(help: "How many requests.") var requests = 10_000
    @Option(help: "How many in flight at once.") var concurrency = 64

    func run() async throws {
        let resolved = try KubeConfigLoader.load(explicitPath: kubeconfig).resolve(context: context)
        // Up to one connection per worker, as the figures always assumed; over HTTP/2 (the
        // sandbox's and kube-apiserver's default) libcurl multiplexes the workers on fewer.
        var endpoint = ClusterEndpoint(context: resolved)
        endpoint.maxConnections = concurrency
        let client = KubeClient(transport: CurlTransport(endpoint: endpoint))
        let configMaps = try await client.resource(apiVersion: "v1", kind: "ConfigMap")
        _ = try await client.apply(
            Self.configMap(0), as: configMaps, options: ApplyOptions(fieldManager: "bench", force: true))
        let clock = ContinuousClock()
        let started = clock.now
        let apply = verb == "apply"
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var own: [Duration] = []
                    for index in stride(from: worker, to: requests, by: concurrency) {
                        let begun = clock.now
                        if apply {
                            _ = try await client.apply(
                                Self.configMap(index), as: configMaps,
                                options: ApplyOptions(fieldManager: "bench", force: true))
                        } else {
                            _ = try await client.get(configMaps, namespace: "default", name: "bench-0")
                        }
                        own.append(begun.duration(to: clock.now))
                    }
                    return own
                }
            }
            return try await group.reduce(into: [Duration]()) { $0 += $1 }.sorted()
        }
        let seconds = Double(started.duration(to: clock.now) / .milliseconds(1)) / 1000
        func percentile(_ fraction: Double) -> Double {
            Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))] / .microseconds(1))
                / 1000
        }
        let figures: JSONValue = [
            "verb": .string(verb), "requests": .int(requests), "concurrency": .int(concurrency),
            "seconds": .double(seconds), "requestsPerSecond": .double(Double(requests) / seconds),
            "p50Milliseconds": .double(percentile(0.5)), "p99Milliseconds": .double(percentile(0.99)),
        ]
        print(JSONWriter.compact(figures))
    }

    /// The ConfigMap request `index` applies: 1,000 objects updated in turn, as the sandbox benchmark does.
    static func configMap(_ index: Int) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string("bench-\(index % 1000)"), "namespace": "default"],
            "data": ["n": .string(String(index))],
        ]
    }
}
