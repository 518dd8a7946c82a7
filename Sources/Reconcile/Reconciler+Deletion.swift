import FleetModel
import KubeClient

extension Reconciler {
    /// Deletes what `application` owns on the cluster — objects whose tracking annotation
    /// names it — as Argo CD's cascading delete does: kinds in reverse install order (a
    /// Namespace after what it holds); objects marked `Delete=false` or `Prune=false` stay,
    /// and so does a Namespace holding one of them. An object someone else labelled, and
    /// namespaces made by `CreateNamespace=true` (untracked), are never touched. A kind that
    /// cannot be listed fails the whole deletion before anything is deleted.
    public func deleteApplication(_ name: String) async throws(ReconcileError) -> [ObjectOutcome] {
        let owned = try await TrackedObjects.list(api, applications: [name], complete: true).objects(of: name).filter {
            Tracking.isOwned($0.object, by: name)
        }
        let kept = Set(owned.filter { Self.isKept($0.object) }.map { ResourceKey($0.object).namespace })
        let ranks = Dictionary(grouping: owned) { Hooks.kindRank(ResourceKey($0.object).kind) }
        var outcomes: [ObjectOutcome] = []
        for rank in ranks.keys.sorted(by: >) {
            let group = (ranks[rank] ?? []).sorted { ResourceKey($0.object) < ResourceKey($1.object) }
            outcomes += await group.concurrentMap(limit: requestConcurrency) { tracked in
                await delete(tracked, keptNamespaces: kept)
            }
        }
        return outcomes
    }

    private static func isKept(_ object: JSONValue) -> Bool {
        let options = SyncOptions(annotationOf: object)
        return options.isFalse("Delete") || options.isFalse("Prune")
    }

    private func delete(_ tracked: TrackedObjects.Tracked, keptNamespaces: Set<String>) async -> ObjectOutcome {
        let key = ResourceKey(tracked.object)
        if Self.isKept(tracked.object) {
            return ObjectOutcome(key: key, result: .kept, message: "Delete=false or Prune=false")
        }
        if key.kind == "Namespace", key.group.isEmpty, keptNamespaces.contains(key.name) {
            return ObjectOutcome(key: key, result: .kept, message: "it holds objects marked Delete=false")
        }
        do {
            try await api.deleteObject(key, as: tracked.type)
            return ObjectOutcome(key: key, result: .deleted)
        } catch {
            return ObjectOutcome(key: key, result: .failed, message: error.description)
        }
    }
}
