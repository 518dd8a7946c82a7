/// A parsed API URL: `/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}` and its
/// `/apis/{group}/{version}/…` twin, or one of the discovery paths.
enum APIPath: Equatable {
    case version
    case health
    case coreGroups
    case groups
    case group(String)
    case resources(group: String, version: String)
    case openAPI([String])
    case object(group: String, version: String, plural: String, namespace: String?, name: String?, subresource: String?)
    case unknown

    init(_ path: String) {
        let segments = path.split(separator: "/").map(String.init)
        switch segments.first {
        case "version": self = .version
        case "healthz", "readyz", "livez": self = .health
        case "openapi": self = .openAPI(Array(segments.dropFirst()))
        case "api":
            if segments.count == 1 {
                self = .coreGroups
            } else {
                self = Self.resourcePath(group: "", version: segments[1], rest: Array(segments.dropFirst(2)))
            }
        case "apis":
            switch segments.count {
            case 1: self = .groups
            case 2: self = .group(segments[1])
            default:
                self = Self.resourcePath(group: segments[1], version: segments[2], rest: Array(segments.dropFirst(3)))
            }
        default:
            self = .unknown
        }
    }

    private static func resourcePath(group: String, version: String, rest: [String]) -> APIPath {
        if rest.isEmpty { return .resources(group: group, version: version) }
        var rest = rest[...]
        var namespace: String?
        let isNamespaceSubresource = rest.count == 3 && ["status", "finalize"].contains(rest[rest.startIndex + 2])
        if rest.first == "namespaces", rest.count >= 3, !isNamespaceSubresource {
            namespace = rest[rest.startIndex + 1]
            rest = rest.dropFirst(2)
        }
        let plural = rest.removeFirst()
        let name = rest.popFirst()
        let subresource = rest.popFirst()
        guard rest.isEmpty else { return .unknown }
        return .object(
            group: group, version: version, plural: plural, namespace: namespace, name: name, subresource: subresource)
    }
}
