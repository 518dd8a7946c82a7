import FleetModel

/// What a cluster serves, read from its discovery documents and kept until asked to refresh.
actor Discovery {
    private var cached: [ResourceType]?
    private var refreshing: Task<[ResourceType], any Error>?

    /// The resource types, fetching them on first use or when `refresh` is set.
    func resources(
        refresh: Bool, fetch: @escaping @Sendable () async throws(KubeError) -> [ResourceType]
    ) async throws(KubeError) -> [ResourceType] {
        if !refresh, let cached { return cached }
        // Concurrent callers share one fetch instead of each reading every group.
        let task =
            refreshing
            ?? Task { () async throws -> [ResourceType] in try await fetch() }
        refreshing = task
        defer { if refreshing == task { refreshing = nil } }
        do {
            let fetched = try await task.value
            cached = fetched
            return fetched
        } catch let error as KubeError {
            throw error
        } catch {
            throw KubeError(.badResponse, cluster: "", message: "discovery failed: \(error)")
        }
    }

    /// The resource types of one `/api/v1` or `/apis/group/version` document.
    static func resourceTypes(in document: JSONValue) -> [ResourceType] {
        guard let groupVersion = document["groupVersion"]?.stringValue else { return [] }
        let parts = groupVersion.split(separator: "/", maxSplits: 1).map(String.init)
        let group = parts.count == 2 ? parts[0] : ""
        let version = parts.last ?? ""
        return (document["resources"]?.arrayValue ?? []).compactMap { resource in
            guard let plural = resource["name"]?.stringValue, !plural.contains("/"),
                let kind = resource["kind"]?.stringValue
            else { return nil }
            return ResourceType(
                group: group, version: version, kind: kind, plural: plural,
                namespaced: resource["namespaced"]?.boolValue ?? false,
                verbs: resource["verbs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
    }

    /// The `/apis/…` paths of every served version in an `/apis` group list.
    static func groupVersionPaths(in groups: JSONValue) -> [String] {
        (groups["groups"]?.arrayValue ?? []).flatMap { group in
            (group["versions"]?.arrayValue ?? []).compactMap { version in
                version["groupVersion"]?.stringValue.map { "/apis/\($0)" }
            }
        }
    }
}
