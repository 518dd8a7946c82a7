import KubeClient
import Reconcile

extension Engine {
    /// Connections the whole run may hold at once: 32 lanes × 6, the fleet's best measured
    /// setting (each connection over HTTP/1.1 is a TLS handshake and its memory).
    static let fleetConnections = 192

    /// Targets the whole run works on at once: 32 lanes × 16, what a fleet's memory was
    /// measured with (50,000 targets within 600 MB).
    static let fleetTargets = 512

    /// The connections one cluster's client may hold while `lanesAtOnce` lanes run: its share
    /// of `fleetConnections`, at least 6 and at most 16 (or one per write slot when fewer). A
    /// fleet of many clusters keeps 6 each; a few clusters with many Applications each get
    /// more, since over HTTP/1.1 the connections are the requests in flight (an HTTP/2 API
    /// server carries them all on one whatever the cap).
    public func connections(lanesAtOnce: Int) -> Int {
        max(6, min(16, targetsPerCluster, Self.fleetConnections / max(1, lanesAtOnce)))
    }

    /// The targets of one cluster worked on at once while `lanesAtOnce` lanes run: its share of
    /// `fleetTargets`, at least 16 and at most `targetsPerCluster` (100). A fleet of many
    /// clusters works on 16 of each; one cluster with hundreds of Applications on 100 at once
    /// — over HTTP/2 (every real API server) they share one connection, and the API server's
    /// priority and fairness paces them.
    public func targetsAtOnce(lanesAtOnce: Int) -> Int {
        min(targetsPerCluster, max(16, Self.fleetTargets / max(1, lanesAtOnce)))
    }

    /// An engine reaching clusters through `connect` (cluster name → client), for clients
    /// whose connections are their own business.
    public init(
        concurrency: Int = 32, targetsPerCluster: Int = 100, deadline: Duration = .seconds(300),
        healthTimeout: Duration = .seconds(120),
        clock: any Clock<Duration> = ContinuousClock(), renderer: SourceRenderer,
        connect: @escaping @Sendable (String) throws -> any KubeAPI
    ) {
        self.init(
            concurrency: concurrency, targetsPerCluster: targetsPerCluster, deadline: deadline,
            healthTimeout: healthTimeout, clock: clock, renderer: renderer
        ) { name, _ in try connect(name) }
    }
}
