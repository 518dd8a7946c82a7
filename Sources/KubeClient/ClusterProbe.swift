import Foundation

/// How one cluster answered a health probe.
public struct ClusterHealth: Sendable, Equatable {
    /// The cluster.
    public var cluster: String
    /// Whether it answered `/version`.
    public var reachable: Bool
    /// Whether it accepted our credentials (`GET /api`).
    public var authenticated: Bool
    /// The server's version, when reachable.
    public var version: String?
    /// Round trip of the `/version` request.
    public var latency: Duration?
    /// Why it is unhealthy.
    public var error: KubeError?

    /// Reachable and authenticated.
    public var healthy: Bool { reachable && authenticated }

    /// A result.
    public init(
        cluster: String, reachable: Bool, authenticated: Bool, version: String?, latency: Duration?, error: KubeError?
    ) {
        self.cluster = cluster
        self.reachable = reachable
        self.authenticated = authenticated
        self.version = version
        self.latency = latency
        self.error = error
    }
}

/// Probes clusters: can we reach them, do they accept us, what do they run.
public enum ClusterProbe {
    /// Probes one cluster: `/version` (reachability, version, latency), then `/api` (authentication).
    public static func check(_ api: any KubeAPI) async -> ClusterHealth {
        let clock = ContinuousClock()
        let started = clock.now
        let version: ServerVersion
        do {
            version = try await api.version()
        } catch {
            return ClusterHealth(
                cluster: api.clusterName, reachable: Self.answered(error), authenticated: false, version: nil,
                latency: nil, error: error)
        }
        let latency = started.duration(to: clock.now)
        do {
            _ = try await api.apiVersions()
            return ClusterHealth(
                cluster: api.clusterName, reachable: true, authenticated: true, version: version.gitVersion,
                latency: latency, error: nil)
        } catch {
            return ClusterHealth(
                cluster: api.clusterName, reachable: true, authenticated: false, version: version.gitVersion,
                latency: latency, error: error)
        }
    }

    /// Probes every cluster at once; results come back in the order given.
    public static func check(_ apis: [any KubeAPI]) async -> [ClusterHealth] {
        await withTaskGroup(of: (Int, ClusterHealth).self) { group in
            for (index, api) in apis.enumerated() { group.addTask { (index, await check(api)) } }
            var results: [(Int, ClusterHealth)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Whether the server answered at all (an HTTP status, as opposed to a transport failure).
    private static func answered(_ error: KubeError) -> Bool {
        error.code != nil
    }
}
