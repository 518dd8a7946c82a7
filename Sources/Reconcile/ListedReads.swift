import FleetModel
import KubeClient

/// Reads of objects' current state for the waits for health of many targets on one cluster:
/// readers of one kind share a list of the objects labelled for their Applications instead
/// of a GET each (200 Deployments rolling out at once cost a list per poll, not 200 GETs).
/// A read is answered by a list begun after it was asked for, so it is never older than a
/// GET would be; an object the list does not hold, or a kind that cannot be listed, is read
/// with a GET.
public actor ListedReads {
    private let api: any KubeAPI
    private let options: ListOptions
    /// Per kind, the list now running (readers joining later wait for the next one).
    private var running: [ResourceType: Listing] = [:]
    /// Per kind, the list gathering readers, begun once the running one ends.
    private var gathering: [ResourceType: Listing] = [:]
    /// Kinds we may not list (or the server cannot): read with GETs from then on.
    private var unlistable: Set<ResourceType> = []

    typealias Listing = Task<[ResourceKey: JSONValue]?, Never>

    /// Reads for objects of `applications` on the cluster `api` reaches.
    public init(_ api: any KubeAPI, applications: [String]) {
        self.api = api
        options = ListOptions(
            labelSelector: "\(Tracking.label) in (\(Set(applications).sorted().joined(separator: ",")))")
    }

    /// The object as the cluster now has it.
    public func current(_ type: ResourceType, namespace: String?, name: String) async throws(KubeError) -> JSONValue {
        if !unlistable.contains(type) {
            let listing = nextListing(of: type)
            let listed = await withTaskCancellationHandler {
                await listing.value
            } onCancel: {
                listing.cancel()  // the others sharing it read with a GET
            }
            let key = ResourceKey(group: type.group, kind: type.kind, namespace: namespace ?? "", name: name)
            if let object = listed?[key] { return object }
        }
        return try await api.get(type, namespace: namespace, name: name)
    }

    /// The list readers of `type` join now: the gathering one, else a new one that begins
    /// when the running one has ended.
    private func nextListing(of type: ResourceType) -> Listing {
        if let listing = gathering[type] { return listing }
        let listing = Self.listing(of: type, after: running[type], api: api, options: options, for: self)
        gathering[type] = listing
        return listing
    }

    /// A list of `type` that begins once `previous` has ended (and tells `reads`, so that
    /// later readers wait for the next one).
    private static func listing(
        of type: ResourceType, after previous: Listing?, api: any KubeAPI, options: ListOptions, for reads: ListedReads
    ) -> Listing {
        Listing {
            _ = await previous?.value
            await reads.begin(type)
            guard !Task.isCancelled else { return nil }
            do throws(KubeError) {
                let list = try await api.list(type, namespace: nil, options: options)
                return Dictionary(list.items.map { (ResourceKey($0), $0) }) { first, _ in first }
            } catch {
                let unlistable: Set<KubeError.Reason> = [.forbidden, .notFound, .methodNotAllowed]
                if unlistable.contains(error.reason) { await reads.unlistable(type) }
                return nil
            }
        }
    }

    private func begin(_ type: ResourceType) {
        running[type] = gathering.removeValue(forKey: type)
    }

    private func unlistable(_ type: ResourceType) {
        unlistable.insert(type)
    }
}
