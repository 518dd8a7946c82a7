import FleetModel
import KubeClient

extension SyncRun {
    /// How long a re-creation waits for the old object to be gone.
    private static let deletionPatience = 120

    /// `Replace=true`: the object is replaced (PUT) instead of applied. With `Force=true` as
    /// well, an object the server will not update in place (an immutable selector, a Job's
    /// template) is deleted and created again — only when it carries this Application's
    /// tracking id, never someone else's object.
    func replace(
        _ key: ResourceKey, _ desired: JSONValue, live: JSONValue, as type: ResourceType, forcing: Bool
    ) async throws(KubeError) -> (outcome: ObjectOutcome, object: JSONValue?) {
        do {
            let object = try await api.replace(desired, as: type)
            return (ObjectOutcome(key: key, result: .replaced), object)
        } catch  where forcing && error.refusesRequest && Self.sameOwner(live, desired) {
            try await api.deleteObject(key, as: type)
            try await waitUntilGone(key, as: type)
            let object = try await api.apply(
                desired, as: type, options: ApplyOptions(fieldManager: Differ.fieldManager, force: true))
            return (
                ObjectOutcome(key: key, result: .replaced, message: "deleted and re-created: Force=true,Replace=true"),
                object
            )
        }
    }

    /// Whether the live object carries the tracking id the desired one is marked with.
    private static func sameOwner(_ live: JSONValue, _ desired: JSONValue) -> Bool {
        Ownership.trackingID(of: live) != nil && Ownership.trackingID(of: live) == Ownership.trackingID(of: desired)
    }

    /// Polls until the object is gone (finalizers may hold it a while).
    private func waitUntilGone(_ key: ResourceKey, as type: ResourceType) async throws(KubeError) {
        for _ in 0..<Self.deletionPatience * 4 {
            do {
                _ = try await api.get(type, namespace: key.namespace.isEmpty ? nil : key.namespace, name: key.name)
            } catch  where error.reason == .notFound {
                return
            }
            await sleeper.sleep(for: .milliseconds(250))
        }
        throw KubeError(
            .timedOut, cluster: api.clusterName,
            message: "\(key) was deleted to be re-created but is still there after \(Self.deletionPatience)s")
    }
}
