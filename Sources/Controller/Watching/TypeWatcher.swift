import FleetModel
import KubeClient

/// The watch of one resource type on one cluster, run as one task until cancelled: a LIST
/// for the resource version (and what exists), then a watch resumed from the last version
/// seen each time the server ends it, a relist after `410 Expired`, and a wait with
/// backoff after every failure.
struct TypeWatcher: Sendable {
    let cluster: String
    let type: ResourceType
    let api: any KubeAPI
    let options: WatchOptions
    let clock: any Clock<Duration>
    let health: WatchHealth
    let sink: @Sendable (TrackedChange) -> Void

    /// `deployments.apps`: how statuses and errors name the type.
    var name: String { type.description }

    /// Watches until the task is cancelled.
    func run() async {
        var objects = WatchedObjects()
        var version: String?
        var hasListed = false
        var failures = 0
        var expiries = 0
        while !Task.isCancelled {
            do {
                if version == nil {
                    let list = try await api.list(
                        type, namespace: nil, options: ListOptions(labelSelector: options.labelSelector))
                    let changes = objects.replace(with: list.items)
                    // The first list is what exists, not a change; later ones find what
                    // changed while the watch was away.
                    if hasListed { deliver(changes, foundByRelist: true) }
                    hasListed = true
                    version = list.resourceVersion ?? ""
                    health.listed(name)
                    failures = 0
                }
                let events = try await follow(from: version ?? "", objects: &objects, version: &version)
                if events > 0 {
                    failures = 0
                    expiries = 0
                } else {
                    // A watch the server ends at once, without even a bookmark, is not a
                    // healthy one: wait before the next, or a broken proxy makes a busy loop.
                    failures += 1
                    try await pause(failures)
                }
            } catch is CancellationError {
                return
            } catch let error where Self.isExpired(error) {
                // The server no longer has the history from `version`: list again and
                // compare. Twice in a row (a relist's version expiring at once) waits first.
                version = nil
                expiries += 1
                if expiries > 1 {
                    health.failed(name, Self.message(error))
                    do { try await pause(expiries - 1) } catch { return }
                }
            } catch {
                if Task.isCancelled { return }
                failures += 1
                health.failed(name, Self.message(error))
                do { try await pause(failures) } catch { return }
            }
        }
    }

    /// Follows one watch stream until it ends; how many events it brought.
    private func follow(
        from start: String, objects: inout WatchedObjects, version: inout String?
    ) async throws -> Int {
        let timeout = Int.random(in: options.timeoutSeconds)
        let upstream = api.watch(
            type, namespace: nil, options: ListOptions(labelSelector: options.labelSelector, timeoutSeconds: timeout),
            resourceVersion: start.isEmpty ? nil : start)
        let events = Self.guarded(upstream, limit: .seconds(timeout) + options.staleGrace, clock: clock)
        var count = 0
        for try await event in events {
            if count == 0 { health.opened(name) }
            count += 1
            let eventVersion = event.object["metadata"]?["resourceVersion"]?.stringValue
            switch event.type {
            case "ADDED", "MODIFIED", "DELETED":
                if let observation = objects.apply(type: event.type, object: event.object) {
                    deliver([observation], foundByRelist: false)
                }
            case "ERROR":
                // KubeClient throws these; another KubeAPI may hand them on.
                throw KubeError(
                    response: KubeResponse(
                        status: event.object["code"]?.intValue ?? 500,
                        body: Array(JSONWriter.compact(event.object).utf8)),
                    cluster: cluster)
            default:
                break  // BOOKMARK: only the version moves on.
            }
            if let eventVersion, !eventVersion.isEmpty { version = eventVersion }
        }
        return count
    }

    private func deliver(_ observations: [WatchedObjects.Observation], foundByRelist: Bool) {
        guard !observations.isEmpty else { return }
        health.reported(observations.count)
        for observation in observations {
            sink(
                TrackedChange(
                    cluster: cluster, application: observation.application,
                    key: ResourceKey(
                        group: type.group, kind: type.kind, namespace: observation.reference.namespace,
                        name: observation.reference.name),
                    kind: observation.kind, resourceVersion: observation.resourceVersion, foundByRelist: foundByRelist))
        }
    }

    private func pause(_ failures: Int) async throws {
        try await clock.sleep(for: options.backoff.delay(afterFailures: failures, random: options.random()))
    }

    /// Whether `error` says the resource version is too old: `410 Gone`/`Expired`, as an
    /// ERROR event inside the stream or as the answer's status.
    static func isExpired(_ error: any Error) -> Bool {
        guard let error = error as? KubeError else { return false }
        return error.code == 410
    }

    private static func message(_ error: any Error) -> String {
        if let error = error as? KubeError { return error.message }
        return String(describing: error)
    }

    /// `upstream`, ended with `WatchStalled` if it is still open after `limit`: the server
    /// ends a watch at its `timeoutSeconds`, so one that outlives it hangs on a dead connection.
    static func guarded(
        _ upstream: AsyncThrowingStream<WatchEvent, any Error>, limit: Duration, clock: any Clock<Duration>
    ) -> AsyncThrowingStream<WatchEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let pump = Task {
            do {
                for try await event in upstream { continuation.yield(event) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        let watchdog = Task {
            guard (try? await clock.sleep(for: limit)) != nil else { return }
            continuation.finish(throwing: WatchStalled(limit: limit))
        }
        continuation.onTermination = { _ in
            pump.cancel()
            watchdog.cancel()
        }
        return stream
    }
}

/// A watch that outlived its timeout: the connection is taken for dead and reconnected.
struct WatchStalled: Error, CustomStringConvertible {
    let limit: Duration

    var description: String { "the watch was silent past its timeout (\(limit)): reconnecting" }
}
