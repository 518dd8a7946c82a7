import FleetModel
import KubeClient

extension Reconciler {
    /// Deletes what `application` owns on the cluster — objects whose tracking annotation
    /// names it — as Argo CD's cascading delete does: dependents first, namespaces and CRDs
    /// last; objects marked `Delete=false` or `Prune=false` stay. An object someone else
    /// labelled, and namespaces made by `CreateNamespace=true` (untracked), are never touched.
    public func deleteApplication(_ name: String) async throws(ReconcileError) -> [ObjectOutcome] {
        let owned = try await TrackedObjects.list(api, applications: [name]).objects(of: name).filter {
            Tracking.isOwned($0.object, by: name)
        }
        let ranks = Dictionary(grouping: owned) { Hooks.kindRank(ResourceKey($0.object).kind) }
        var outcomes: [ObjectOutcome] = []
        for rank in ranks.keys.sorted(by: >) {
            let group = (ranks[rank] ?? []).sorted { ResourceKey($0.object) < ResourceKey($1.object) }
            outcomes += await group.concurrentMap(limit: requestConcurrency) { tracked in
                await delete(tracked)
            }
        }
        return outcomes
    }

    private func delete(_ tracked: TrackedObjects.Tracked) async -> ObjectOutcome {
        let key = ResourceKey(tracked.object)
        let options = SyncOptions(annotationOf: tracked.object)
        if options.isFalse("Delete") || options.isFalse("Prune") {
            return ObjectOutcome(key: key, result: "kept", message: "Delete=false or Prune=false")
        }
        do {
            try await api.delete(
                tracked.type, namespace: key.namespace.isEmpty ? nil : key.namespace, name: key.name,
                propagation: .background, dryRun: false)
            return ObjectOutcome(key: key, result: "deleted")
        } catch  where error.reason == .notFound {
            return ObjectOutcome(key: key, result: "deleted")
        } catch {
            return ObjectOutcome(key: key, result: "failed", message: error.description)
        }
    }
}
