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
    /// The fleet files and folders of this run (absolute): only targets recorded from them
    /// may be forgotten or retired by it.
    let fleetPaths: [String]

    /// The targets of the fleet files at `paths` (`fleets/` by default): all of them, or the
    /// Application `app`, on clusters matching `cluster` and `selector`. A cluster that is not
    /// registered, or a selection matching no target, is a usage error listing what exists.
    static func resolve(
        paths: [String], app: String?, cluster: String?, selector: LabelSelector?
    ) throws
        -> TargetResolution
    {
        let registry = try RegistryAccess.requireExisting()
        let fleetPaths = paths.isEmpty ? ["fleets"] : paths
        let fleet = try FleetLoader.load(paths: fleetPaths)
        let records = try registry.clusters()
        if let cluster, !records.contains(where: { $0.name == cluster }) {
            throw EmptySelection.unregisteredCluster(cluster, registered: records.map(\.name))
        }
        let generated = try FleetExpander(expander: ApplicationSetExpander(clusters: records.map(\.cluster)))
            .applications(of: fleet)
        if let app, !generated.contains(where: { $0.application.name == app }) {
            throw EmptySelection.unknownApplication(
                app, in: "the fleet files", known: generated.map(\.application.name))
        }
        let selected = Set(try registry.clusters(matching: selector ?? .everything).map(\.name))
        var targets: [FleetTarget] = []
        var existing: [(application: String, cluster: String)] = []
        for found in generated where app == nil || found.application.name == app {
            let application = found.application
            let destination = application.destination
            let record =
                destination.name.flatMap { wanted in records.first { $0.name == wanted } }
                ?? destination.server.flatMap { wanted in records.first { $0.server == wanted } }
            guard let record else {
                let named = destination.name.map { "cluster \"\($0)\"" } ?? "server \(destination.server ?? "")"
                let wanted = destination.name ?? destination.server ?? ""
                let known = EditDistance.closestFirst(to: wanted, among: records.map(\.name))
                throw CommandFailure(
                    "Application \(application.name): its destination \(named) is not registered (flotilla cluster add); "
                        + (known.isEmpty
                            ? "no cluster is registered" : "registered clusters: \(known.joined(separator: ", "))"),
                    exitCode: 2)
            }
            existing.append((application.name, record.name))
            if let cluster, cluster != record.name {
                if app != nil {
                    throw CommandFailure(
                        "Application \(application.name) is deployed to cluster \"\(record.name)\", not \"\(cluster)\"",
                        exitCode: 2)
                }
                continue
            }
            guard selected.contains(record.name) else { continue }
            let file = Self.absolute(found.origin.location.file)
            targets.append(
                FleetTarget(
                    application: application, applicationSet: found.applicationSet,
                    baseDirectory: (found.origin.location.file as NSString).deletingLastPathComponent,
                    cluster: record.name, fleetFile: file))
        }
        if targets.isEmpty, app != nil || cluster != nil || selector != nil {
            throw EmptySelection.noTarget(
                app: app, cluster: cluster, selector: selector?.description, in: "the fleet files", existing: existing,
                labels: Dictionary(records.map { ($0.name, $0.labels) }) { first, _ in first })
        }
        var policies: [String: DeletionPolicy] = [:]
        for case .applicationSet(let set) in fleet.documents {
            policies[set.name] = DeletionPolicy(
                syncPolicy: set.syncPolicy, generated: generated.filter { $0.applicationSet == set.name }.count)
        }
        return TargetResolution(
            registry: registry, targets: targets, isWholeFleet: app == nil && cluster == nil && selector == nil,
            deletionPolicies: policies, registeredClusters: Set(records.map(\.name)),
            fleetPaths: fleetPaths.map(Self.absolute))
    }

    /// `path` made absolute and standard, as fleet files are recorded.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The vanished targets and what becomes of them; a registry failure is exit status 2.
    func vanishedTargets() throws -> VanishedTargets {
        do {
            return try VanishedTargets(self)
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
    }

    /// Recorded targets the fleet files of this run no longer generate (only known for the
    /// whole fleet). Targets recorded from other fleet files are none of this run's business.
    func vanished() throws -> [VanishedTarget] {
        guard isWholeFleet else { return [] }
        let current = Set(targets.map(\.id))
        return try registry.targets().filter {
            !current.contains("\($0.application)@\($0.cluster)") && isFromThisRun($0)
        }.map {
            VanishedTarget(
                application: $0.application, cluster: $0.cluster, applicationSet: $0.applicationSet,
                revision: $0.lastSyncRevision ?? $0.revision)
        }
    }

    /// Whether `state` came from the fleet paths of this run: its fleet file is one of them or
    /// lies under one. A target recorded before fleet files were kept counts when its
    /// ApplicationSet is in this run's files (a plain Application of unknown origin is left alone).
    private func isFromThisRun(_ state: TargetState) -> Bool {
        guard let file = state.fleetFile else {
            return state.applicationSet.map { deletionPolicies[$0] != nil } ?? false
        }
        return fleetPaths.contains { path in file == path || file.hasPrefix(path.hasSuffix("/") ? path : path + "/") }
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
