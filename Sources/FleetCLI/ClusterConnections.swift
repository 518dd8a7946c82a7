import CurlTransport
import Engine
import KubeClient
import Reconcile
import Registry

extension Registry {
    /// An engine whose clients reach clusters with this registry's credentials, each cluster
    /// within `rateLimit` (requests a second, burst) when there is one, each target within
    /// `deadline`. Local sources are read only under the fleet files' folders and `localSources`.
    func engine(
        concurrency: Int, deadline: Duration = .seconds(240), healthTimeout: Duration, requestTimeout: Duration,
        rateLimit: (qps: Double, burst: Int)? = nil, localSources: [String] = [],
        limits: RenderLimits = RenderLimits()
    ) -> Engine {
        let renderer = SourceRenderer(
            cacheDirectory: home.path + "/repos", localSources: .within(localSources), limits: limits)
        return Engine(
            concurrency: concurrency, deadline: deadline, healthTimeout: healthTimeout, renderer: renderer
        ) { name, connections in
            let record = try self.cluster(named: name)
            let secrets = try self.secrets(of: name)
            return KubeClient(
                transport: CurlTransport(
                    endpoint: ClusterEndpoint(
                        name: record.name, server: record.server, certificateAuthority: secrets.certificateAuthority,
                        insecureSkipTLSVerify: record.tls.insecureSkipTLSVerify, tlsServerName: record.tls.serverName,
                        proxyURL: record.proxyURL, credential: secrets.credential,
                        connectTimeout: min(requestTimeout, .seconds(5)), requestTimeout: requestTimeout,
                        maxConnections: connections)),
                rateLimiter: rateLimit.map { RateLimiter(qps: $0.qps, burst: $0.burst) }, busyRetries: 10)
        }
    }
}

extension FleetPipeline {
    /// The resolved pipeline, or the first Application without a target as a usage error
    /// (exit 2): the command line touches nothing when part of the fleet cannot be resolved.
    func requiringEveryTarget() throws -> FleetPipeline {
        if let first = resolution.unresolved.first { throw CommandFailure(first.reason, exitCode: 2) }
        return self
    }

    /// The vanished targets and what becomes of them; a store failure is exit status 2.
    func vanishedTargetsOrExit() throws -> VanishedTargets {
        do {
            return try vanishedTargets()
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
    }
}
