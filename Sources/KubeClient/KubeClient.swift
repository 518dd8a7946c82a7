import FleetModel

/// The Kubernetes API of one cluster over a transport: typed calls, `Status` errors
/// decoded into `KubeError`, discovery cached per client.
public struct KubeClient: KubeAPI {
    /// What carries the requests.
    public let transport: any KubeTransport
    /// The cluster's request budget, when it has one (watches are not counted).
    public let rateLimiter: RateLimiter?
    /// How often a request the server turns away as too many (429) is sent again, after the
    /// wait it asks for (see `sendWaitingWhenBusy`).
    public let busyRetries: Int
    /// Told about each request once it is answered (metrics), when set.
    public let observer: KubeRequestObserver?
    private let discovery = Discovery()

    /// A client of the cluster `transport` reaches, sending no faster than `rateLimiter`
    /// allows, again up to `busyRetries` times when the server answers 429, telling
    /// `observer` about each request it sends.
    public init(
        transport: any KubeTransport, rateLimiter: RateLimiter? = nil, busyRetries: Int = 0,
        observer: KubeRequestObserver? = nil
    ) {
        self.transport = transport
        self.rateLimiter = rateLimiter
        self.busyRetries = busyRetries
        self.observer = observer
    }

    public var clusterName: String { transport.clusterName }

    public func version() async throws(KubeError) -> ServerVersion {
        let document = try await send(RequestBuilder.version(), .discovery)
        return ServerVersion(
            gitVersion: document["gitVersion"]?.stringValue ?? "", platform: document["platform"]?.stringValue ?? "")
    }

    public func apiVersions() async throws(KubeError) -> [String] {
        try await send(RequestBuilder.discovery("/api"), .discovery)["versions"]?.arrayValue?.compactMap(\.stringValue)
            ?? []
    }

    public func resources(refresh: Bool) async throws(KubeError) -> [ResourceType] {
        let client = self
        do {
            return try await discovery.resources(refresh: refresh) { () async throws(KubeError) in
                try await client.fetchResources()
            }
        } catch {
            throw KubeError(
                error.reason, cluster: clusterName, code: error.code, message: error.message, causes: error.causes,
                retryAfter: error.retryAfter, hint: error.hint)
        }
    }

    public func resource(apiVersion: String, kind: String) async throws(KubeError) -> ResourceType {
        let matches: ([ResourceType]) -> ResourceType? = { types in
            types.first { $0.apiVersion == apiVersion && $0.kind == kind }
        }
        if let found = matches(try await resources(refresh: false)) { return found }
        if let found = matches(try await resources(refresh: true)) { return found }
        throw KubeError(
            .notFound, cluster: clusterName,
            message: "the server does not serve kind \"\(kind)\" in \"\(apiVersion)\"",
            hint: "install the CustomResourceDefinition first, or check apiVersion and kind")
    }

    public func get(_ type: ResourceType, namespace: String?, name: String) async throws(KubeError) -> JSONValue {
        try await send(RequestBuilder.get(type, namespace: namespace, name: name), .init("get", type, namespace))
    }

    public func list(
        _ type: ResourceType, namespace: String?, options: ListOptions
    ) async throws(KubeError) -> ObjectList {
        var items: [JSONValue] = []
        var resourceVersion: String?
        var token: String?
        repeat {
            let page = try await send(
                RequestBuilder.list(type, namespace: namespace, options: options, continueToken: token),
                .init("list", type, namespace))
            if resourceVersion == nil { resourceVersion = page["metadata"]?["resourceVersion"]?.stringValue }
            for item in page["items"]?.arrayValue ?? [] { items.append(Self.identified(item, type)) }
            token = page["metadata"]?["continue"]?.stringValue
        } while token?.isEmpty == false
        return ObjectList(items: items, resourceVersion: resourceVersion)
    }

    public func watch(
        _ type: ResourceType, namespace: String?, options: ListOptions, resourceVersion: String?
    ) -> AsyncThrowingStream<WatchEvent, any Error> {
        let chunks = transport.stream(
            RequestBuilder.watch(type, namespace: namespace, options: options, resourceVersion: resourceVersion))
        let cluster = clusterName
        return AsyncThrowingStream { continuation in
            let task = Task {
                var lines = LineSplitter()
                do {
                    for try await chunk in chunks {
                        for line in lines.append(chunk) {
                            continuation.yield(try Self.event(line, type, cluster: cluster))
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func create(_ object: JSONValue, as type: ResourceType, dryRun: Bool) async throws(KubeError) -> JSONValue {
        try await send(
            RequestBuilder.create(object, as: type, dryRun: dryRun), .init("create", type, object.namespace))
    }

    public func replace(_ object: JSONValue, as type: ResourceType) async throws(KubeError) -> JSONValue {
        try await send(RequestBuilder.replace(object, as: type), .init("update", type, object.namespace))
    }

    public func apply(
        _ object: JSONValue, as type: ResourceType, options: ApplyOptions
    ) async throws(KubeError) -> JSONValue {
        try await send(
            RequestBuilder.apply(object, as: type, options: options), .init("patch", type, object.namespace))
    }

    public func mergePatch(
        _ type: ResourceType, namespace: String?, name: String, patch: JSONValue, dryRun: Bool
    ) async throws(KubeError) -> JSONValue {
        try await send(
            RequestBuilder.mergePatch(type, namespace: namespace, name: name, patch: patch, dryRun: dryRun),
            .init("patch", type, namespace))
    }

    public func delete(
        _ type: ResourceType, namespace: String?, name: String, propagation: PropagationPolicy, dryRun: Bool
    ) async throws(KubeError) {
        _ = try await send(
            RequestBuilder.delete(type, namespace: namespace, name: name, propagation: propagation, dryRun: dryRun),
            .init("delete", type, namespace))
    }

    /// Sends `request`; a 2xx answer's JSON body, else the `KubeError` its status stands for.
    func send(_ request: KubeRequest, _ label: RequestLabel) async throws(KubeError) -> JSONValue {
        let response = try await observed(label) { () async throws(KubeError) in
            try await sendWaitingWhenBusy(request)
        }
        guard (200..<300).contains(response.status) else {
            throw KubeError(response: response, cluster: clusterName)
        }
        do {
            return try JSONReader.parse(response.body)
        } catch {
            throw KubeError(
                .badResponse, cluster: clusterName, code: response.status,
                message: "the answer to \(request.method) \(request.path) is not JSON: \(error)")
        }
    }

    /// Runs `send`, telling the observer (when there is one) what the request was, what the
    /// server answered (0: no answer) and how long it took.
    private func observed(
        _ label: RequestLabel, _ send: () async throws(KubeError) -> KubeResponse
    ) async throws(KubeError) -> KubeResponse {
        guard let observer else { return try await send() }
        let clock = ContinuousClock()
        let start = clock.now
        let application = RequestAttribution.current
        let report = { (code: Int) in
            observer(
                KubeRequestRecord(
                    cluster: clusterName, verb: label.verb, resourceKind: label.kind,
                    resourceNamespace: label.namespace, responseCode: code, duration: clock.now - start,
                    application: application))
        }
        do {
            let response = try await send()
            report(response.status)
            return response
        } catch {
            report(error.code ?? 0)
            throw error
        }
    }

    private func fetchResources() async throws(KubeError) -> [ResourceType] {
        let core = try await send(RequestBuilder.discovery("/api/v1"), .discovery)
        let groups = try await send(RequestBuilder.discovery("/apis"), .discovery)
        var types = Discovery.resourceTypes(in: core)
        let paths = Discovery.groupVersionPaths(in: groups)
        let documents: [JSONValue]
        do {
            documents = try await withThrowingTaskGroup(of: (Int, JSONValue).self) { group in
                for (index, path) in paths.enumerated() {
                    group.addTask { (index, try await send(RequestBuilder.discovery(path), .discovery)) }
                }
                var found: [(Int, JSONValue)] = []
                for try await document in group { found.append(document) }
                return found.sorted { $0.0 < $1.0 }.map(\.1)
            }
        } catch let error as KubeError {
            throw error
        } catch {
            throw KubeError(.badResponse, cluster: clusterName, message: "discovery failed: \(error)")
        }
        for document in documents { types += Discovery.resourceTypes(in: document) }
        return types
    }

    /// List items of built-in kinds come without `apiVersion` and `kind`; put them back.
    private static func identified(_ item: JSONValue, _ type: ResourceType) -> JSONValue {
        guard case .object(var object) = item, object["kind"] == nil else { return item }
        var identified = JSONObject([("apiVersion", .string(type.apiVersion)), ("kind", .string(type.kind))])
        for (key, value) in object where key != "apiVersion" && key != "kind" { identified[key] = value }
        object = identified
        return .object(object)
    }

    private static func event(_ line: [UInt8], _ type: ResourceType, cluster: String) throws -> WatchEvent {
        let value: JSONValue
        do {
            value = try JSONReader.parse(line)
        } catch {
            throw KubeError(.badResponse, cluster: cluster, message: "a watch event is not JSON: \(error)")
        }
        let kind = value["type"]?.stringValue ?? ""
        let object = value["object"] ?? .null
        if kind == "ERROR" {
            let body = Array(JSONWriter.compact(object).utf8)
            throw KubeError(
                response: KubeResponse(status: object["code"]?.intValue ?? 500, body: body), cluster: cluster)
        }
        return WatchEvent(type: kind, object: identified(object, type))
    }
}

/// Cuts a byte stream into newline-terminated lines (watch events), keeping a partial last line for later.
struct LineSplitter {
    private var pending: [UInt8] = []

    mutating func append(_ chunk: [UInt8]) -> [[UInt8]] {
        pending += chunk
        var lines: [[UInt8]] = []
        var start = 0
        for index in pending.indices where pending[index] == 0x0A {
            if index > start { lines.append(Array(pending[start..<index])) }
            start = index + 1
        }
        pending.removeFirst(start)
        return lines
    }
}
