import FleetModel

/// The discovery documents: `/version`, `/api`, `/apis`, `/apis/{group}`, `/apis/{group}/{version}`.
enum SandboxDiscovery {
    static let version: JSONValue = [
        "major": "1", "minor": "36", "gitVersion": "v1.36.0", "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.24.0", "compiler": "gc",
        "platform": "linux/amd64",
    ]

    static let coreVersions: JSONValue = [
        "kind": "APIVersions", "versions": ["v1"],
        "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"]],
    ]

    static func groupList(_ catalog: ResourceCatalog) -> JSONValue {
        var groups: [String: [String]] = [:]
        var order: [String] = []
        for (group, version) in catalog.groupVersions where !group.isEmpty {
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(version)
        }
        return [
            "kind": "APIGroupList", "apiVersion": "v1",
            "groups": .array(order.map { groupDocument($0, versions: groups[$0]!) }),
        ]
    }

    static func group(_ name: String, _ catalog: ResourceCatalog) -> JSONValue? {
        let versions = catalog.groupVersions.filter { $0.group == name }.map(\.version)
        guard !versions.isEmpty else { return nil }
        var document = groupDocument(name, versions: versions).objectValue!
        document["kind"] = "APIGroup"
        document["apiVersion"] = "v1"
        return .object(document)
    }

    private static func groupDocument(_ name: String, versions: [String]) -> JSONValue {
        let entries: [JSONValue] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return ["name": .string(name), "versions": .array(entries), "preferredVersion": entries[0]]
    }

    static func resourceList(group: String, version: String, _ catalog: ResourceCatalog) -> JSONValue? {
        let resources = catalog.resources.filter { $0.group == group && $0.version == version }
        guard !resources.isEmpty else { return nil }
        var entries: [JSONValue] = []
        for resource in resources {
            var entry = JSONObject([
                ("name", .string(resource.plural)), ("singularName", .string(resource.singular)),
                ("namespaced", .bool(resource.namespaced)), ("kind", .string(resource.kind)),
                ("verbs", .array(resource.verbs.map(JSONValue.string))),
            ])
            if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string)) }
            if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
            entries.append(.object(entry))
            for subresource in resource.subresources {
                let kind = subresource == "scale" ? "Scale" : resource.kind
                let verbs: JSONValue = ["get", "patch", "update"]
                var sub = JSONObject([
                    ("name", .string("\(resource.plural)/\(subresource)")), ("singularName", ""),
                    ("namespaced", .bool(resource.namespaced)), ("kind", .string(kind)), ("verbs", verbs),
                ])
                if subresource == "scale" { sub["group"] = "autoscaling"; sub["version"] = "v1" }
                entries.append(.object(sub))
            }
        }
        return [
            "kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(entries),
        ]
    }

    /// OpenAPI v3: one document per group/version. The sandbox publishes no schemas, only
    /// the operations with their `fieldValidation` parameter, which is what kubectl reads to
    /// decide that the server validates fields itself (`--validate=strict`).
    static func openAPI(_ rest: [String], _ catalog: ResourceCatalog) -> APIResponse {
        guard rest.first == "v3" else { return .pageNotFound }
        if rest.count == 1 {
            var paths = JSONObject()
            for (group, version) in catalog.groupVersions {
                let path = group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
                paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)")]
            }
            return .json(["paths": .object(paths)])
        }
        let prefix = Array(rest.dropFirst())
        let group: String
        let version: String
        switch prefix.count {
        case 2 where prefix[0] == "api": (group, version) = ("", prefix[1])
        case 3 where prefix[0] == "apis": (group, version) = (prefix[1], prefix[2])
        default: return .pageNotFound
        }
        let resources = catalog.resources.filter { $0.group == group && $0.version == version }
        guard !resources.isEmpty else { return .pageNotFound }
        var paths = JSONObject()
        let parameter: JSONValue = [
            "name": "fieldValidation", "in": "query", "schema": ["type": "string"], "uniqueItems": true,
        ]
        for resource in resources {
            let base = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
            let scope = resource.namespaced ? "/namespaces/{namespace}" : ""
            let kind: JSONValue = [
                "group": .string(group), "version": .string(version), "kind": .string(resource.kind),
            ]
            let operation: JSONValue = [
                "x-kubernetes-group-version-kind": kind, "parameters": [parameter],
                "responses": ["200": ["description": "OK"]],
            ]
            paths["\(base)\(scope)/\(resource.plural)/{name}"] = ["patch": operation, "put": operation]
            paths["\(base)\(scope)/\(resource.plural)"] = ["post": operation]
        }
        return .json([
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.36.0"], "paths": .object(paths),
            "components": ["schemas": [:]],
        ])
    }
}
