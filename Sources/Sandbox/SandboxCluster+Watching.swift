import FleetModel
import Foundation

/// A watch: the events a client asked for, as lines of JSON.
struct WatchStream: Sendable {
    let id: UUID
    /// Events to send before live ones: replayed history, or the current objects as ADDED.
    let initial: [String]
    /// Live events, already filtered and encoded.
    let lines: AsyncStream<String>
}

extension SandboxCluster {
    /// Starts a watch for `request` (`?watch=true`), or nil when the request is not a watch.
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
        let matches: @Sendable (WatchEvent) -> Bool = { event in
            event.resource == resource.qualifiedPlural && (scope == nil || event.namespace == scope)
                && selector.matches(event.object.labels) && fields.matches(event.object)
        }
        let encode: @Sendable (WatchEvent) -> String = { event in
            JSONWriter.compact(["type": .string(event.type), "object": event.object.identified(resource)]) + "\n"
        }
        var initial: [String]
        if let text = request.query["resourceVersion"], let version = Int(text), version > 0 {
            initial = store.events(after: version).filter(matches).map(encode)
        } else {
            initial = store.list(resource, namespace: scope).map(\.1).map {
                WatchEvent(
                    type: "ADDED", resource: resource.qualifiedPlural, namespace: scope ?? "", object: $0,
                    resourceVersion: 0)
            }.filter { selector.matches($0.object.labels) && fields.matches($0.object) }.map(encode)
        }
        if initial.isEmpty { initial = [] }
        let id = UUID()
        let events = store.listen(id: id)
        let lines = AsyncStream<String> { continuation in
            let task = Task {
                for await event in events where matches(event) { continuation.yield(encode(event)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return .success(WatchStream(id: id, initial: initial, lines: lines))
    }

    /// Ends a watch.
    func stopWatch(_ id: UUID) {
        store.stopListening(id)
    }
}
