import FleetModel
import KubeClient

/// The resource types to watch for a cluster's tracked objects, and the kinds left out.
public struct WatchedTypes: Sendable, Equatable {
    /// The types to hand to `ClusterWatch.watch(_:)`.
    public var types: Set<ResourceType>
    /// Kinds that cannot be watched, with why: the cluster does not serve them (yet: a
    /// CRD not installed), or does not allow `list` and `watch` on them.
    public var skipped: [GroupVersionKind: String]

    /// A result.
    public init(types: Set<ResourceType>, skipped: [GroupVersionKind: String]) {
        self.types = types
        self.skipped = skipped
    }
}

extension ClusterWatch {
    /// The resource types that `kinds` (the `apiVersion` and `kind` of the desired objects
    /// of the cluster's targets) map to on `api`, through discovery (cached; refreshed once
    /// for a kind it does not know). Kinds that do not resolve or cannot be listed and
    /// watched are skipped, not errors: a sync reports those.
    public static func resourceTypes(
        for kinds: some Sequence<GroupVersionKind>, on api: any KubeAPI
    ) async -> WatchedTypes {
        var types: Set<ResourceType> = []
        var skipped: [GroupVersionKind: String] = [:]
        for kind in Set(kinds).sorted(by: { $0.description < $1.description }) {
            do {
                let type = try await api.resource(apiVersion: kind.apiVersion, kind: kind.kind)
                guard type.verbs.contains("list"), type.verbs.contains("watch") else {
                    skipped[kind] = "\(type) cannot be listed and watched (verbs: \(type.verbs.joined(separator: ",")))"
                    continue
                }
                types.insert(type)
            } catch {
                skipped[kind] = error.message
            }
        }
        return WatchedTypes(types: types, skipped: skipped)
    }
}
