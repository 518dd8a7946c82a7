import FleetModel
import Generators
import Registry

/// `--app CHILD`: a child Application (app of apps) selected alone, as Argo CD syncs one child
/// Application. It is rebuilt from the documents its parent's last sync applied (its parent
/// from its own parent's, up to the fleet files), admitted by the same rules as when its parent
/// renders it, so a selection never reaches further than a run of the parent would.
struct ChildSelection {
    /// The fleet files' Applications.
    let generated: [GeneratedApplication]
    /// The registered clusters.
    let clusters: [Cluster]
    /// The fleet's AppProjects.
    let projects: ProjectCheck
    /// How children are admitted.
    let rules: ChildTargets
    /// The documents each parent's last sync applied.
    let records: ChildRecords
    /// Every recorded target, by id (`app@cluster`).
    let recorded: [String: TargetState]

    /// The targets of the recorded child Application `name` (one per cluster it is recorded
    /// on), or a `SelectionError` naming its parent when one cannot be rebuilt (its parent was
    /// last synced before Flotilla kept the documents, or no longer applies it).
    func targets(named name: String) throws -> [FleetTarget] {
        try recorded.values.filter { $0.application == name && $0.parent != nil }
            .sorted { $0.cluster < $1.cluster }
            .map { state in
                let id = "\(state.application)@\(state.cluster)"
                guard let target = try target(id, depth: 0) else {
                    throw EmptySelection.childApplication(name, parent: state.parent ?? "")
                }
                return target
            }
    }

    /// The target `id`: an Application of the fleet files on its cluster, or a child rebuilt
    /// from its recorded parent's applied documents; nil when there is none.
    private func target(_ id: String, depth: Int) throws -> FleetTarget? {
        guard depth <= ChildTargets.maxDepth else { return nil }
        if let state = recorded[id], let parentID = state.parent {
            guard let parent = try target(parentID, depth: depth + 1),
                let applied = records.acceptedAtStart(by: parentID)
            else { return nil }
            let found = rules.admit(rules.expand(applied.manifests, of: parent), of: parent) { _ in nil }
            return found.targets.first { $0.id == id }
        }
        for found in generated {
            guard let cluster = TargetResolution.destination(of: found.application, among: clusters),
                "\(found.application.name)@\(cluster.name)" == id
            else { continue }
            return try TargetResolution.target(found, on: cluster.name, projects: projects)
        }
        return nil
    }
}
