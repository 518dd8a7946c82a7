import FleetModel
import Foundation
import Generators
import Registry

/// The first step of the pipeline, from fleet files and the store's clusters to targets:
/// Applications on their destination clusters, and those whose destination is not registered.
public struct TargetResolution: Sendable {
    /// The selected targets, in fleet order.
    public let targets: [FleetTarget]
    /// Selected Applications that cannot become targets, with why (their destination is not
    /// registered), in fleet order. A long-running caller reconciles the rest; `sync` refuses.
    public let unresolved: [UnresolvedTarget]
    /// Whether the whole fleet was selected (no `--app`, cluster or selector).
    public let isWholeFleet: Bool
    /// Each ApplicationSet's say on deleting Applications it stops generating, by name.
    public let deletionPolicies: [String: DeletionPolicy]
    /// Every registered cluster's name.
    public let registeredClusters: Set<String>
    /// The fleet files and folders of this run (absolute): only targets recorded from them
    /// may be forgotten or retired by it.
    public let fleetPaths: [String]
    /// The fleet's `Notifications` documents, in file order (for `flotilla serve`).
    public let notifications: [Notifications]
    /// The repositories the fleet's git generators read (a push to one re-reads the fleet).
    public let generatorRepositories: [RepositoryKey]
    /// How child Applications (app of apps) join the fleet.
    let children: ChildTargets
    /// The child documents each parent's last sync applied, as recorded when the run began.
    let childRecords: ChildRecords
    /// The clusters this run selected (children on others are not run).
    let selectedClusters: Set<String>

    /// The targets of the fleet files at `paths` (`fleets/` by default): all of them, or the
    /// Application `app`, on clusters matching `cluster` and `selector`, with the clusters of
    /// `store`; git generators read their repositories through `trees`. A selection naming or
    /// matching nothing is a `SelectionError` listing what exists.
    public static func resolve(
        paths: [String], app: String?, cluster: String?, selector: LabelSelector?, store: any FleetStore,
        trees: any RepositoryTreeReader
    ) async throws -> TargetResolution {
        let fleetPaths = paths.isEmpty ? ["fleets"] : paths
        let fleet = try FleetLoader.load(paths: fleetPaths)
        let clusters = try store.registeredClusters()
        if let cluster, !clusters.contains(where: { $0.name == cluster }) {
            throw EmptySelection.unregisteredCluster(cluster, registered: clusters.map(\.name))
        }
        let repositories = try await RepositorySnapshots.load(for: fleet, reader: trees)
        let generated = try FleetExpander(
            expander: ApplicationSetExpander(clusters: clusters, repositories: repositories)
        ).applications(of: fleet)
        let projects = ProjectCheck(catalog: try ProjectCatalog(fleet), clusters: clusters)
        let recorded = try store.targets()
        let children = ChildTargets(
            clusters: clusters, projects: projects, fleetApplications: Set(generated.map(\.application.name)),
            recordedParents: Dictionary(
                recorded.map { ($0.application, Set([$0.parent ?? ""])) }, uniquingKeysWith: { $0.union($1) }))
        let childRecords = ChildRecords(recorded)
        let selected = Set(clusters.filter { (selector ?? .everything).matches($0.labels) }.map(\.name))
        var targets: [FleetTarget] = []
        var unresolved: [UnresolvedTarget] = []
        var existing: [(application: String, cluster: String)] = []
        if let app, !generated.contains(where: { $0.application.name == app }) {
            guard recorded.contains(where: { $0.application == app && $0.parent != nil }) else {
                throw EmptySelection.unknownApplication(
                    app, in: "the fleet files", known: generated.map(\.application.name))
            }
            let alone = try ChildSelection(
                generated: generated, clusters: clusters, projects: projects, rules: children, records: childRecords,
                recorded: Dictionary(recorded.map { ("\($0.application)@\($0.cluster)", $0) }) { first, _ in first }
            ).targets(named: app)
            existing = alone.map { ($0.application.name, $0.cluster) }
            targets = alone.filter { (cluster == nil || $0.cluster == cluster) && selected.contains($0.cluster) }
        }
        for found in generated where app == nil || found.application.name == app {
            let application = found.application
            guard let record = Self.destination(of: application, among: clusters) else {
                unresolved.append(
                    UnresolvedTarget(
                        application: application.name,
                        reason: Self.unregistered(
                            application, among: clusters)))
                continue
            }
            existing.append((application.name, record.name))
            if let cluster, cluster != record.name {
                if app != nil, unresolved.isEmpty {
                    throw SelectionError(
                        "Application \(application.name) is deployed to cluster \"\(record.name)\", not \"\(cluster)\"")
                }
                continue
            }
            guard selected.contains(record.name) else { continue }
            targets.append(try Self.target(found, on: record.name, projects: projects))
        }
        if targets.isEmpty, unresolved.isEmpty, app != nil || cluster != nil || selector != nil {
            throw EmptySelection.noTarget(
                app: app, cluster: cluster, selector: selector?.description, in: "the fleet files", existing: existing,
                labels: Dictionary(clusters.map { ($0.name, $0.labels) }) { first, _ in first })
        }
        var policies: [String: DeletionPolicy] = [:]
        for case .applicationSet(let set) in fleet.documents {
            policies[set.name] = DeletionPolicy(
                syncPolicy: set.syncPolicy, generated: generated.filter { $0.applicationSet == set.name }.count)
        }
        return TargetResolution(
            targets: targets, unresolved: unresolved, isWholeFleet: app == nil && cluster == nil && selector == nil,
            deletionPolicies: policies, registeredClusters: Set(clusters.map(\.name)),
            fleetPaths: fleetPaths.map(Self.absolute),
            notifications: fleet.documents.compactMap { document -> Notifications? in
                guard case .notifications(let found) = document else { return nil }
                return found
            },
            generatorRepositories: repositories.snapshots.keys.sorted { $0.description < $1.description },
            children: children, childRecords: childRecords,
            selectedClusters: cluster.map { name in selected.filter { $0 == name } } ?? selected)
    }

    /// The target of the fleet files' `found` on `cluster`.
    static func target(_ found: GeneratedApplication, on cluster: String, projects: ProjectCheck) throws -> FleetTarget
    {
        FleetTarget(
            application: found.application, applicationSet: found.applicationSet,
            baseDirectory: (found.origin.location.file as NSString).deletingLastPathComponent, cluster: cluster,
            fleetFile: Self.absolute(found.origin.location.file), policy: try Self.policy(of: found, projects: projects)
        )
    }

    /// What `generated`'s project permits it.
    static func policy(of generated: GeneratedApplication, projects: ProjectCheck) throws -> ProjectPolicy {
        let application = generated.application
        let project = try projects.project(of: generated)
        let destination = projects.resolvedDestination(application.destination)
        let violations = projects.violations(of: generated, in: project)
        return ProjectPolicy(
            project: project, destination: destination,
            refusal: violations.isEmpty ? nil : violations.map(\.rule).joined(separator: "; "),
            windows: project.syncWindows(forApplication: application.name, destination: destination))
    }

    /// The registered cluster `application` goes to: by `destination.name`, else by `destination.server`.
    static func destination(of application: Application, among clusters: [Cluster]) -> Cluster? {
        let destination = application.destination
        return destination.name.flatMap { wanted in clusters.first { $0.name == wanted } }
            ?? destination.server.flatMap { wanted in clusters.first { $0.server == wanted } }
    }

    /// Why `application` has no target: its destination is not registered (the closest names listed).
    static func unregistered(_ application: Application, among clusters: [Cluster]) -> String {
        let destination = application.destination
        let named = destination.name.map { "cluster \"\($0)\"" } ?? "server \(destination.server ?? "")"
        let wanted = destination.name ?? destination.server ?? ""
        let known = EditDistance.closestFirst(to: wanted, among: clusters.map(\.name))
        return "Application \(application.name): its destination \(named) is not registered (flotilla cluster add); "
            + (known.isEmpty ? "no cluster is registered" : "registered clusters: \(known.joined(separator: ", "))")
    }

    /// `path` made absolute and standard, as fleet files are recorded.
    public static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Recorded targets (in `store`) the fleet files of this run no longer generate (only
    /// known for the whole fleet). Targets recorded from other fleet files are none of this run's business.
    /// A recorded child Application (app of apps) vanishes when its parent rendered in this
    /// run without it, or, over the whole fleet, when its parent is gone; a parent whose
    /// render failed keeps its children.
    func vanished(in store: any FleetStore, children: ChildDiscovery.Found) throws -> [VanishedTarget] {
        let current = Set(targets.map(\.id)).union(children.targets.keys)
        let recorded = try store.targets()
        let byID = Dictionary(recorded.map { ("\($0.application)@\($0.cluster)", $0) }) { first, _ in first }
        var verdicts: [String: Bool] = [:]
        // A child whose parent is recorded and stays (its own parent's render failed, …) stays
        // too: only a parent that rendered without it, or that is gone itself, retires it.
        func vanishes(_ state: TargetState) -> Bool {
            let id = "\(state.application)@\(state.cluster)"
            if current.contains(id) { return false }
            if let verdict = verdicts[id] { return verdict }
            verdicts[id] = false  // a cycle in the records retires nothing
            let verdict: Bool
            if let parent = state.parent {
                verdict =
                    children.rendered.contains(parent)
                    || (isWholeFleet && isFromThisRun(state)
                        && (byID[parent].map(vanishes) ?? !current.contains(parent)))
            } else {
                verdict = isWholeFleet && isFromThisRun(state)
            }
            verdicts[id] = verdict
            return verdict
        }
        return recorded.filter(vanishes).map {
            VanishedTarget(
                application: $0.application, cluster: $0.cluster, applicationSet: $0.applicationSet,
                revision: $0.lastSyncRevision ?? $0.revision, parent: $0.parent,
                finalizesResources: $0.finalizesResources ?? false)
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
    func retirementContext(children: ChildDiscovery.Found, prune: Bool?) -> RetirementContext {
        let all = targets + children.targets.values
        return RetirementContext(
            policies: deletionPolicies,
            generated: Dictionary(all.map { ($0.application.name, $0.cluster) }) { first, _ in first },
            registeredClusters: registeredClusters,
            pruningParents: Set(
                all.filter { prune ?? $0.application.syncPolicy?.automated?.prune ?? false }.map(\.id)))
    }
}

/// A selected Application that cannot become a target, and why.
public struct UnresolvedTarget: Sendable, Equatable {
    /// The Application.
    public var application: String
    /// Why it has no target (its destination is not registered, …), naming the Application.
    public var reason: String

    /// An unresolved target.
    public init(application: String, reason: String) {
        self.application = application
        self.reason = reason
    }
}
