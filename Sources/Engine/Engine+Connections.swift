import KubeClient
import Reconcile

extension Engine {
    /// Connections the whole run may hold at once: 32 lanes × 6, the fleet's best measured
    /// setting (each connection over HTTP/1.1 is a TLS handshake and its memory).
    static let fleetConnections = 192

    /// The connections one cluster's client may hold while `lanesAtOnce` lanes run: its share
    /// of `fleetConnections`, at least 6 and at most one per write slot (`targetsPerCluster`).
    /// A fleet of many clusters keeps 6 each; a few clusters with many Applications each get
    /// more, since over HTTP/1.1 the connections are the requests in flight (an HTTP/2 API
    /// server carries them all on one whatever the cap).
    public func connections(lanesAtOnce: Int) -> Int {
        max(6, min(targetsPerCluster, Self.fleetConnections / max(1, lanesAtOnce)))
    }

    /// An engine reaching clusters through `connect` (cluster name → client), for clients
    /// whose connections are their own business.
    public init(
        concurrency: Int = 32, targetsPerCluster: Int = 16, deadline: Duration = .seconds(300),
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
