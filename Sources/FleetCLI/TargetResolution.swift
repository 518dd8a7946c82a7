import CurlTransport
import Engine
import FleetModel
import Foundation
import Generators
import KubeClient
import Reconcile
import Registry

/// From fleet files and the registry to targets: Applications on their destination clusters.
struct TargetResolution {
    /// The registry the clusters come from.
    let registry: Registry
    /// The selected targets, in fleet order.
    let targets: [FleetTarget]
    /// Whether the whole fleet was selected (no `--app`, cluster or selector).
    let isWholeFleet: Bool
    /// Each ApplicationSet's say on deleting Applications it stops generating, by name.
    let deletionPolicies: [String: DeletionPolicy]
    /// Every registered cluster's name.
    let registeredClusters: Set<String>

    /// The targets of the fleet files at `paths` (`fleets/` by default): all of them, or the
    /// Application `app`, on clusters matching `cluster` and `selector`.
    static func resolve(
        paths: [String], app: String?, cluster: String?, selector: LabelSelector?
    ) throws
        -> TargetResolution
    {
        let registry = try RegistryAccess.requireExisting()
        let fleet = try FleetLoader.load(paths: paths.isEmpty ? ["fleets"] : paths)
        let records = try registry.clusters()
        let generated = try FleetExpander(expander: ApplicationSetExpander(clusters: records.map(\.cluster)))
            .applications(of: fleet)
        if let app, !generated.contains(where: { $0.application.name == app }) {
            throw CommandFailure("no Application named \"\(app)\" in the fleet files", exitCode: 2)
        }
        let selected = Set(try registry.clusters(matching: selector ?? .everything).map(\.name))
        var targets: [FleetTarget] = []
        for found in generated where app == nil || found.application.name == app {
            let application = found.application
            let destination = application.destination
            let record =
                destination.name.flatMap { wanted in records.first { $0.name == wanted } }
                ?? destination.server.flatMap { wanted in records.first { $0.server == wanted } }
            guard let record else {
                let named = destination.name.map { "cluster \"\($0)\"" } ?? "server \(destination.server ?? "")"
                throw CommandFailure(
                    "Application \(application.name): its destination \(named) is not registered (flotilla cluster add)",
                    exitCode: 2)
            }
            if let cluster, cluster != record.name {
                if app != nil {
                    throw CommandFailure(
                        "Application \(application.name) is deployed to cluster \"\(record.name)\", not \"\(cluster)\"",
                        exitCode: 2)
                }
                continue
            }
            guard selected.contains(record.name) else { continue }
            targets.append(
                FleetTarget(
                    application: application, applicationSet: found.applicationSet,
                    baseDirectory: (found.origin.location.file as NSString).deletingLastPathComponent,
                    cluster: record.name))
        }
        var policies: [String: DeletionPolicy] = [:]
        for case .applicationSet(let set) in fleet.documents {
            policies[set.name] = DeletionPolicy(
                syncPolicy: set.syncPolicy, generated: generated.filter { $0.applicationSet == set.name }.count)
        }
        return TargetResolution(
            registry: registry, targets: targets, isWholeFleet: app == nil && cluster == nil && selector == nil,
            deletionPolicies: policies, registeredClusters: Set(records.map(\.name)))
    }

    /// The vanished targets and what becomes of them; a registry failure is exit status 2.
    func vanishedTargets() throws -> VanishedTargets {
        do {
            return try VanishedTargets(self)
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
    }

    /// Recorded targets the fleet files no longer generate (only known for the whole fleet).
    func vanished() throws -> [VanishedTarget] {
        guard isWholeFleet else { return [] }
        let current = Set(targets.map(\.id))
        return try registry.targets().filter { !current.contains("\($0.application)@\($0.cluster)") }.map {
            VanishedTarget(
                application: $0.application, cluster: $0.cluster, applicationSet: $0.applicationSet,
                revision: $0.lastSyncRevision ?? $0.revision)
        }
    }

    /// What decides the fate of vanished targets: the fleet's ApplicationSets, the
    /// Applications it generates now (the whole fleet, when there are vanished targets at
    /// all) and the registered clusters.
    var retirementContext: RetirementContext {
        RetirementContext(
            policies: deletionPolicies,
            generated: Dictionary(targets.map { ($0.application.name, $0.cluster) }) { first, _ in first },
            registeredClusters: registeredClusters)
    }

    /// An engine whose clients reach clusters with the registry's credentials, each cluster
    /// within `rateLimit` (requests a second, burst) when there is one.
    /// Local sources are read only under the fleet files' folders and `localSources`.
    func engine(
        concurrency: Int, healthTimeout: Duration, requestTimeout: Duration,
        rateLimit: (qps: Double, burst: Int)? = (100, 600), localSources: [String] = [],
        limits: RenderLimits = RenderLimits()
    ) -> Engine {
        let registry = self.registry
        let renderer = SourceRenderer(
            cacheDirectory: registry.home.path + "/repos", localSources: .within(localSources), limits: limits)
        return Engine(concurrency: concurrency, healthTimeout: healthTimeout, renderer: renderer) { name in
            let record = try registry.cluster(named: name)
            let secrets = try registry.secrets(of: name)
            return KubeClient(
                transport: CurlTransport(
                    endpoint: ClusterEndpoint(
                        name: record.name, server: record.server, certificateAuthority: secrets.certificateAuthority,
                        insecureSkipTLSVerify: record.tls.insecureSkipTLSVerify, tlsServerName: record.tls.serverName,
                        proxyURL: record.proxyURL, credential: secrets.credential,
                        connectTimeout: min(requestTimeout, .seconds(5)), requestTimeout: requestTimeout)),
                rateLimiter: rateLimit.map { RateLimiter(qps: $0.qps, burst: $0.burst) })
        }
    }
}
