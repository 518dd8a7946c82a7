import FleetModel

/// Builds the HTTP request of each API call; pure, so tests compare requests by equality.
public enum RequestBuilder {
    static let json = "application/json"

    /// `GET /version`.
    public static func version() -> KubeRequest {
        KubeRequest(method: "GET", path: "/version", headers: ["Accept": json])
    }

    /// `GET` of a discovery document: `/api`, `/api/v1`, `/apis`, `/apis/apps/v1`.
    public static func discovery(_ path: String) -> KubeRequest {
        KubeRequest(method: "GET", path: path, headers: ["Accept": json])
    }

    /// `GET` of one object.
    public static func get(_ type: ResourceType, namespace: String?, name: String) -> KubeRequest {
        KubeRequest(method: "GET", path: type.path(namespace: namespace, name: name), headers: ["Accept": json])
    }

    /// `GET` of one page of a collection (all namespaces when `namespace` is nil).
    public static func list(
        _ type: ResourceType, namespace: String?, options: ListOptions, continueToken: String? = nil
    ) -> KubeRequest {
        KubeRequest(
            method: "GET", path: type.path(namespace: namespace),
            query: selectors(options) + (options.pageSize.map { [.init("limit", String($0))] } ?? [])
                + (continueToken.map { [.init("continue", $0)] } ?? []),
            headers: ["Accept": json])
    }

    /// `GET …?watch=true` from `resourceVersion`, with bookmarks; `timeoutSeconds` (else
    /// `options.timeoutSeconds`) asks the server to end the watch after that long.
    public static func watch(
        _ type: ResourceType, namespace: String?, options: ListOptions, resourceVersion: String?,
        timeoutSeconds: Int? = nil
    ) -> KubeRequest {
        var query = [KubeRequest.QueryItem("watch", "true")] + selectors(options)
        if let resourceVersion { query.append(.init("resourceVersion", resourceVersion)) }
        if let timeoutSeconds = timeoutSeconds ?? options.timeoutSeconds {
            query.append(.init("timeoutSeconds", String(timeoutSeconds)))
        }
        query.append(.init("allowWatchBookmarks", "true"))
        return KubeRequest(
            method: "GET", path: type.path(namespace: namespace), query: query, headers: ["Accept": json],
            isWatch: true)
    }

    /// `POST` of a new object.
    public static func create(_ object: JSONValue, as type: ResourceType, dryRun: Bool = false) -> KubeRequest {
        KubeRequest(
            method: "POST", path: type.path(namespace: object.namespace),
            query: dryRun ? [.init("dryRun", "All")] : [], headers: ["Accept": json, "Content-Type": json],
            body: Array(JSONWriter.compact(object).utf8))
    }

    /// `PUT` of a whole object (no `resourceVersion`: an unconditional replace).
    public static func replace(_ object: JSONValue, as type: ResourceType) -> KubeRequest {
        KubeRequest(
            method: "PUT", path: type.path(namespace: object.namespace, name: object.name ?? ""),
            headers: ["Accept": json, "Content-Type": json], body: Array(JSONWriter.compact(object).utf8))
    }

    /// Server-side apply: `PATCH` with `application/apply-patch+yaml` (a JSON body is valid YAML).
    public static func apply(_ object: JSONValue, as type: ResourceType, options: ApplyOptions) -> KubeRequest {
        var query = [KubeRequest.QueryItem("fieldManager", options.fieldManager)]
        if options.force { query.append(.init("force", "true")) }
        if options.dryRun { query.append(.init("dryRun", "All")) }
        query.append(.init("fieldValidation", "Strict"))
        return KubeRequest(
            method: "PATCH", path: type.path(namespace: object.namespace, name: object.name ?? ""), query: query,
            headers: ["Accept": json, "Content-Type": "application/apply-patch+yaml"],
            body: Array(JSONWriter.compact(object).utf8))
    }

    /// JSON merge patch (RFC 7386) of one object.
    public static func mergePatch(
        _ type: ResourceType, namespace: String?, name: String, patch: JSONValue, dryRun: Bool = false,
        fieldManager: String? = nil
    ) -> KubeRequest {
        var query: [KubeRequest.QueryItem] = []
        if let fieldManager { query.append(.init("fieldManager", fieldManager)) }
        if dryRun { query.append(.init("dryRun", "All")) }
        return KubeRequest(
            method: "PATCH", path: type.path(namespace: namespace, name: name), query: query,
            headers: ["Accept": json, "Content-Type": "application/merge-patch+json"],
            body: Array(JSONWriter.compact(patch).utf8))
    }

    /// `DELETE` of one object with a propagation policy.
    public static func delete(
        _ type: ResourceType, namespace: String?, name: String, propagation: PropagationPolicy = .background,
        dryRun: Bool = false
    ) -> KubeRequest {
        var query = [KubeRequest.QueryItem("propagationPolicy", propagation.rawValue)]
        if dryRun { query.append(.init("dryRun", "All")) }
        return KubeRequest(
            method: "DELETE", path: type.path(namespace: namespace, name: name), query: query,
            headers: ["Accept": json])
    }

    private static func selectors(_ options: ListOptions) -> [KubeRequest.QueryItem] {
        var query: [KubeRequest.QueryItem] = []
        if let labels = options.labelSelector, !labels.isEmpty { query.append(.init("labelSelector", labels)) }
        if let fields = options.fieldSelector, !fields.isEmpty { query.append(.init("fieldSelector", fields)) }
        return query
    }
}

extension JSONValue {
    /// `metadata.name`.
    var name: String? { self["metadata"]?["name"]?.stringValue }

    /// `metadata.namespace`.
    var namespace: String? { self["metadata"]?["namespace"]?.stringValue }
}
