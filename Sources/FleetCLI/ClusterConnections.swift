import CurlTransport
import Engine
import Foundation
import KubeClient
import Reconcile
import Registry
import Synchronization

extension Registry {
    /// An engine whose clients reach clusters with this registry's credentials, each cluster
    /// within `rateLimit` (requests a second, burst) when there is one, each target within
    /// `deadline`. Local sources are read only under the fleet files' folders and `localSources`.
    /// `clients` keeps clients across engines; `observers` hear of every request (metrics).
    func engine(
        concurrency: Int, deadline: Duration = .seconds(240), healthTimeout: Duration, requestTimeout: Duration,
        rateLimit: (qps: Double, burst: Int)? = nil, localSources: [String] = [],
        limits: RenderLimits = RenderLimits(), clients: ClientPool? = nil, observers: RequestObservers? = nil
    ) -> Engine {
        let renderer = SourceRenderer(
            cacheDirectory: home.path + "/repos", localSources: .within(localSources), limits: limits,
            gitObserver: observers?.git,
            helm: HelmChartRenderer(repositories: CurlHelmRepositoryClient(credentials: helmRepositoryCredentials)),
            credentials: repositoryCredentials)
        return Engine(
            concurrency: concurrency, deadline: deadline, healthTimeout: healthTimeout, renderer: renderer
        ) { name, connections in
            let record = try self.cluster(named: name)
            let generation = ClientPool.Generation(server: record.server, updatedAt: record.updatedAt)
            if let reused = clients?.client(name, generation: generation) { return reused }
            let secrets = try self.secrets(of: name)
            let client = KubeClient(
                transport: CurlTransport(
                    endpoint: ClusterEndpoint(
                        name: record.name, server: record.server, certificateAuthority: secrets.certificateAuthority,
                        insecureSkipTLSVerify: record.tls.insecureSkipTLSVerify, tlsServerName: record.tls.serverName,
                        proxyURL: record.proxyURL, credential: secrets.credential,
                        connectTimeout: min(requestTimeout, .seconds(5)), requestTimeout: requestTimeout,
                        maxConnections: connections)),
                rateLimiter: rateLimit.map { RateLimiter(qps: $0.qps, burst: $0.burst) }, busyRetries: 10,
                observer: observers?.kube(record.server))
            clients?.keep(client, for: name, generation: generation)
            return client
        }
    }
}

/// Who hears of the requests an engine's clients and renderer make (`flotilla serve`'s metrics).
struct RequestObservers: Sendable {
    /// The observer of a cluster's client, by its API server URL.
    var kube: @Sendable (String) -> KubeRequestObserver
    /// The observer of git fetches.
    var git: GitRequestObserver
}

extension FleetPipeline {
    /// The resolved pipeline, or the first Application without a target as a usage error
    /// (exit 2): the command line touches nothing when part of the fleet cannot be resolved.
    func requiringEveryTarget() throws -> FleetPipeline {
        if let first = resolution.unresolved.first { throw CommandFailure(first.reason, exitCode: 2) }
        return self
    }

    /// The vanished targets and what becomes of them (`prune`: the run's `--prune`); a store
    /// failure is exit status 2.
    func vanishedTargetsOrExit(prune: Bool? = nil) throws -> VanishedTargets {
        do {
            return try vanishedTargets(prune: prune)
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
    }
}

/// Clients kept across runs (`flotilla serve`): a cluster's connections, request budget and
/// discovery outlive one cycle. A cluster whose record changed since (registered again with
/// new credentials or another server, relabelled) gets a new client.
final class ClientPool: Sendable {
    /// Which version of a cluster's record a client was made from.
    struct Generation: Equatable {
        var server: String
        var updatedAt: Date
    }

    private let clients = Mutex<[String: (generation: Generation, client: KubeClient)]>([:])

    /// The kept client of `name`, when it was made from this `generation` of its record.
    func client(_ name: String, generation: Generation) -> KubeClient? {
        clients.withLock { kept in kept[name].flatMap { $0.generation == generation ? $0.client : nil } }
    }

    /// Keeps `client` for `name`, made from `generation` of its record.
    func keep(_ client: KubeClient, for name: String, generation: Generation) {
        clients.withLock { $0[name] = (generation, client) }
    }
}
