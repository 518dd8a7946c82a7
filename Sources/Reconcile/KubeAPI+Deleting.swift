import FleetModel
import KubeClient

extension KubeAPI {
    /// Deletes the object `key` (background propagation, as Argo CD prunes); one that is
    /// already gone counts as deleted.
    func deleteObject(_ key: ResourceKey, as type: ResourceType) async throws(KubeError) {
        do {
            try await delete(
                type, namespace: key.namespace.isEmpty ? nil : key.namespace, name: key.name, propagation: .background,
                dryRun: false)
        } catch  where error.reason == .notFound {
            return
        }
    }
}
