import FleetModel
import Foundation
import NIOConcurrencyHelpers

/// One sandbox Kubernetes cluster: its objects, the users it knows, its faults.
///
/// Every request is handled on this actor, one at a time, so the cluster's state
/// moves through the same serial history a real API server's etcd gives it.
public actor SandboxCluster {
    /// The cluster's name (its kubeconfig context).
    public nonisolated let name: String
    /// Its certificates.
    public nonisolated let pki: SandboxPKI
    /// Tuning knobs.
    public nonisolated let options: SandboxOptions

    var store = ObjectStore()
    var catalog = ResourceCatalog()
    var tokens: [String: UserInfo] = [:]
    /// Injected faults.
    public private(set) var faults = SandboxFaults()
    private var faultObservers: [@Sendable (SandboxFaults) -> Void] = []
    var statistics = SandboxStatistics()
    /// Connections, counted on the event loop that accepts them: setting one up never
    /// waits for this actor (`connections`, `http2Connections` of the statistics).
    nonisolated let connectionCounts = NIOLockedValueBox((all: 0, http2: 0))
    let allocator = Allocator()

    /// A cluster named `name`, with a fresh CA, and the `default`, `kube-system` and `kube-public` namespaces.
    public init(name: String, options: SandboxOptions = SandboxOptions(), pki: SandboxPKI? = nil) throws {
        self.name = name
        self.options = options
        self.pki = try pki ?? SandboxPKI.mint(name: "\(name)-ca")
        store.historyLimit = options.watchHistory
        for namespace in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            var object: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]]
            Defaults.apply(to: &object, kind: "Namespace", cluster: nil)
            let version = store.nextResourceVersion()
            object.setMetadata("uid", .string(UUID().uuidString.lowercased()))
            object.setMetadata("creationTimestamp", .string(SandboxClock.timestamp(Date())))
            object.setMetadata("resourceVersion", .string(String(version)))
            store.put(
                StoreKey(APIResource.builtIns[0], namespace: nil, name: namespace), object, type: "ADDED",
                version: version)
        }
    }

    /// Lets `token` authenticate as `user`.
    public func addToken(_ token: String, for user: UserInfo) {
        tokens[token] = user
    }

    /// A token that authenticates as the user named `name`, if there is one.
    public func token(of name: String) -> String? {
        tokens.filter { $0.value.name == name }.keys.sorted().first
    }

    /// Stops accepting `token` (its next use is 401 Unauthorized).
    public func revokeToken(_ token: String) {
        tokens[token] = nil
    }

    /// Replaces the injected faults.
    public func setFaults(_ faults: SandboxFaults) {
        self.faults = faults
        if faults.down || faults.dropWatches { store.dropListeners() }
        for observer in faultObservers { observer(faults) }
    }

    /// Calls `observer` after every change of faults (the server follows `down` this way).
    func observeFaults(_ observer: @escaping @Sendable (SandboxFaults) -> Void) {
        faultObservers.append(observer)
    }

    /// Counters for tests and benchmarks: requests by verb, writes, requests in flight.
    public func currentStatistics() -> SandboxStatistics {
        var current = statistics
        (current.connections, current.http2Connections) = connectionCounts.withLockedValue { $0 }
        return current
    }

    /// The cluster-wide resource version.
    public func currentResourceVersion() -> Int {
        store.resourceVersion
    }

    /// Zeroes the counters.
    public func resetStatistics() {
        statistics = SandboxStatistics()
        connectionCounts.withLockedValue { $0 = (0, 0) }
    }

    /// The user a bearer token names, nil for an unknown token.
    func user(forToken token: String) -> UserInfo? {
        tokens[token]
    }

    /// Answers one API request.
    func handle(_ request: APIRequest) -> APIResponse {
        statistics.record(request)
        do {
            return try route(request)
        } catch {
            return .error(error)
        }
    }

    private func route(_ request: APIRequest) throws(APIStatus) -> APIResponse {
        let path = APIPath(request.path)
        if case .version = path { return .json(SandboxDiscovery.version) }
        if case .health = path { return .text("ok", status: 200) }
        guard let user = request.user else {
            throw APIStatus(
                code: 403, reason: "Forbidden",
                message: "forbidden: User \"system:anonymous\" cannot get path \"\(request.path)\"", details: [:])
        }
        switch path {
        case .version, .health:
            return .pageNotFound
        case .coreGroups:
            return .json(SandboxDiscovery.coreVersions)
        case .groups:
            return .json(SandboxDiscovery.groupList(catalog))
        case .group(let group):
            guard let value = SandboxDiscovery.group(group, catalog) else { return .pageNotFound }
            return .json(value)
        case .resources(let group, let version):
            guard let value = SandboxDiscovery.resourceList(group: group, version: version, catalog) else {
                // A version the server does not serve, of a group it does: a Status, not a bare 404.
                let servedGroup = catalog.groupVersions.contains { $0.group == group }
                return servedGroup ? .error(APIStatus.resourceNotFound) : .pageNotFound
            }
            return .json(value)
        case .openAPI(let rest):
            return SandboxDiscovery.openAPI(rest, catalog)
        case .object(let group, let version, let plural, let namespace, let name, let subresource):
            guard catalog.groupVersions.contains(where: { $0.group == group && $0.version == version }) else {
                return .pageNotFound
            }
            guard let resource = catalog.resource(group: group, version: version, plural: plural) else {
                throw APIStatus.resourceNotFound
            }
            let target = Target(
                resource: resource, namespace: resource.namespaced ? namespace : nil, name: name,
                subresource: subresource)
            if resource.namespaced == false, namespace != nil { throw APIStatus.resourceNotFound }
            if request.method != "GET", user.readOnly {
                throw APIStatus.forbidden(
                    user: user.name, verb: Self.verb(request.method), resource: resource, name: name,
                    namespace: namespace)
            }
            return try handle(request, target)
        case .unknown:
            return .pageNotFound
        }
    }

    private func handle(_ request: APIRequest, _ target: Target) throws(APIStatus) -> APIResponse {
        switch (request.method, target.name) {
        case ("GET", nil):
            return try list(request, target)
        case ("GET", .some):
            return try get(request, target)
        case ("POST", nil):
            return try create(request, target)
        case ("PUT", .some):
            return try update(request, target)
        case ("PATCH", .some):
            return try patch(request, target)
        case ("DELETE", .some):
            return try delete(request, target)
        case ("DELETE", nil):
            return try deleteCollection(request, target)
        default:
            throw APIStatus.methodNotAllowed(request.method)
        }
    }

    static func verb(_ method: String) -> String {
        switch method {
        case "POST": "create"
        case "PUT": "update"
        case "PATCH": "patch"
        case "DELETE": "delete"
        default: "get"
        }
    }
}

extension SandboxCluster {
    /// Hands out Service cluster IPs and node ports, as the API server's allocators do.
    final class Allocator: @unchecked Sendable {
        private var nextIP = 10
        private var nextPort = 30000

        func clusterIP() -> String {
            defer { nextIP += 1 }
            return "10.96.\(nextIP / 250).\(nextIP % 250 + 1)"
        }

        func nodePort() -> Int {
            defer { nextPort += 1 }
            return nextPort
        }
    }
}

/// What a resource URL names.
struct Target: Sendable {
    let resource: APIResource
    let namespace: String?
    let name: String?
    let subresource: String?

    var key: StoreKey? { name.map { StoreKey(resource, namespace: namespace, name: $0) } }
}
