import FleetModel
import Foundation

/// A watch: the events a client asked for, as lines of JSON.
struct WatchStream: Sendable {
    let id: UUID
    /// Events to send before live ones: replayed history, the current objects as ADDED, or
    /// the one ERROR event of a watch that cannot start (`410 Expired`).
    let initial: [String]
    /// Live events, already filtered and encoded; `.drop` asks for the connection to be cut.
    let lines: AsyncStream<WatchOutput>
}

/// What a watch writes next.
enum WatchOutput: Sendable, Equatable {
    /// One JSON event, newline-terminated.
    case line(String)
    /// Close the connection without ending the answer.
    case drop
}

extension SandboxCluster {
    /// Starts a watch for `request` (`?watch=true`), or nil when the request is not a watch.
    ///
    /// As kube-apiserver's watch cache: no `resourceVersion` (or `0`) sends the current
    /// objects as ADDED first; a `resourceVersion` replays the changes after it, or, when it
    /// is older than the kept history, sends one `410 Expired` ERROR event and ends; an object
    /// that starts or stops matching the selector is ADDED or DELETED (its previous state);
    /// with `allowWatchBookmarks=true`, BOOKMARKs every `bookmarkInterval` and before a
    /// timeout; the watch ends after `timeoutSeconds` (else 1–2 × `watchTimeout`).
    func startWatch(_ request: APIRequest) -> Result<WatchStream, APIStatus>? {
        guard request.isWatch,
            case .object(let group, let version, let plural, let namespace, nil, nil) = APIPath(request.path),
            request.user != nil,
            let resource = catalog.resource(group: group, version: version, plural: plural)
        else { return nil }
        let selector: LabelSelector
        let fields: FieldSelector
        do {
            selector = try LabelSelector(parsing: request.query["labelSelector"] ?? "")
            fields = try FieldSelector(request.query["fieldSelector"] ?? "")
        } catch let status as APIStatus {
            return .failure(status)
        } catch {
            return .failure(.badRequest("unable to parse requirement: \(error.localizedDescription)"))
        }
        let scope = resource.namespaced ? namespace : nil
        let passes: @Sendable (JSONValue) -> Bool = { selector.matches($0.labels) && fields.matches($0) }
        let encode: @Sendable (String, JSONValue) -> String = { type, object in
            JSONWriter.compact(["type": .string(type), "object": object.identified(resource)]) + "\n"
        }
        let convert: @Sendable (WatchEvent) -> String? = { event in
            guard event.resource == resource.qualifiedPlural, scope == nil || event.namespace == scope else {
                return nil
            }
            return Self.converted(event, passes: passes).map { encode($0.type, $0.object) }
        }
        let id = UUID()
        if let text = request.query["resourceVersion"], let version = Int(text), version > 0 {
            guard let replayed = store.events(after: version) else {
                return .success(
                    WatchStream(id: id, initial: [Self.expired(version, oldest: store.historyStart)], lines: .finished))
            }
            return .success(startStream(id, request, resource, initial: replayed.compactMap(convert), convert))
        }
        let current = store.list(resource, namespace: scope).map(\.1).filter(passes).map { encode("ADDED", $0) }
        return .success(startStream(id, request, resource, initial: current, convert))
    }

    /// Ends a watch.
    func stopWatch(_ id: UUID) {
        store.stopListening(id)
    }

    /// How many watches are open (for tests).
    public func openWatchCount() -> Int {
        store.listenerCount
    }

    private func startStream(
        _ id: UUID, _ request: APIRequest, _ resource: APIResource, initial: [String],
        _ convert: @escaping @Sendable (WatchEvent) -> String?
    ) -> WatchStream {
        let (signals, signal) = store.listen(id: id)
        let bookmarks = ["true", "1"].contains(request.query["allowWatchBookmarks"] ?? "")
        let timeout =
            request.query["timeoutSeconds"].flatMap(Int.init).map { Duration.seconds(max(0, $0)) }
            ?? options.watchTimeout * Double.random(in: 1...2)
        let interval = options.bookmarkInterval
        let start = store.resourceVersion
        let lines = AsyncStream<WatchOutput> { output in
            let task = Task {
                var latest = start
                await withTaskGroup(of: Void.self) { timers in
                    timers.addTask {
                        guard (try? await Task.sleep(for: timeout)) != nil else { return }
                        signal.yield(.timeout)
                    }
                    if bookmarks {
                        timers.addTask {
                            while (try? await Task.sleep(for: interval)) != nil { signal.yield(.bookmark) }
                        }
                    }
                    loop: for await next in signals {
                        switch next {
                        case .event(let event):
                            latest = event.resourceVersion
                            if let line = convert(event) { output.yield(.line(line)) }
                        case .bookmark:
                            if bookmarks { output.yield(.line(Self.bookmark(resource, latest))) }
                        case .timeout:
                            if bookmarks { output.yield(.line(Self.bookmark(resource, latest))) }
                            break loop
                        case .drop:
                            output.yield(.drop)
                            break loop
                        }
                    }
                    timers.cancelAll()
                }
                output.finish()
            }
            output.onTermination = { _ in task.cancel() }
        }
        return WatchStream(id: id, initial: initial, lines: lines)
    }

    /// The event a watch whose filter is `passes` sees for `event`, as the watch cache
    /// converts it; nil when the object neither matches now nor matched before.
    static func converted(_ event: WatchEvent, passes: (JSONValue) -> Bool) -> (type: String, object: JSONValue)? {
        if event.type == "ADDED" { return passes(event.object) ? ("ADDED", event.object) : nil }
        let now = event.type != "DELETED" && passes(event.object)
        let before = event.previous.map(passes) ?? (event.type == "DELETED" && passes(event.object))
        switch (now, before) {
        case (true, true): return ("MODIFIED", event.object)
        case (true, false): return ("ADDED", event.object)
        case (false, true):
            // The previous state, at the event's resource version.
            var last = event.previous ?? event.object
            last.setMetadata("resourceVersion", .string(String(event.resourceVersion)))
            return ("DELETED", last)
        case (false, false): return nil
        }
    }

    /// A BOOKMARK: an object of the watched kind carrying only the resource version.
    static func bookmark(_ resource: APIResource, _ version: Int) -> String {
        let object: JSONValue = [
            "kind": .string(resource.kind), "apiVersion": .string(resource.groupVersion),
            "metadata": ["resourceVersion": .string(String(version))],
        ]
        return JSONWriter.compact(["type": "BOOKMARK", "object": object]) + "\n"
    }

    /// The ERROR event of a watch from a resource version the history no longer reaches,
    /// word for word as kube-apiserver's watch cache sends it (inside a 200 answer).
    static func expired(_ version: Int, oldest: Int) -> String {
        let status = APIStatus(
            code: 410, reason: "Expired", message: "too old resource version: \(version) (\(oldest))", details: nil)
        return JSONWriter.compact(["type": "ERROR", "object": status.body]) + "\n"
    }
}

extension AsyncStream where Element == WatchOutput {
    /// A stream that has already ended.
    static var finished: AsyncStream<WatchOutput> {
        AsyncStream { $0.finish() }
    }
}
