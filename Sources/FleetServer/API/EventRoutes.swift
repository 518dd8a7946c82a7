import FleetModel
import Foundation
import Hummingbird
import Registry

/// `/api/v1/events`: server-sent events — `target` (a reconciled target's item) and `cycle` —
/// with a keep-alive comment every `keepAlive`, for as long as the page listens (or until
/// serve shuts down). Targets of projects the caller may not see are not sent.
enum EventRoutes {
    static func add(
        to api: RouterGroup<FleetRequestContext>, backend: any FleetBackend, keepAlive: Duration = .seconds(15)
    ) {
        api.get("events") { _, context in
            let caller = try context.caller()
            let (id, events) = backend.subscribe()
            let body = ResponseBody { writer in
                let (messages, send) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(4096))
                let pump = Task {
                    for await event in events {
                        if event.project.map(caller.canSee) ?? true { send.yield(event.text) }
                    }
                    send.finish()
                }
                let beat = Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: keepAlive)
                        send.yield(": keepalive\n\n")
                    }
                }
                defer {
                    pump.cancel()
                    beat.cancel()
                    backend.unsubscribe(id)
                }
                try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
                for await text in messages { try await writer.write(ByteBuffer(string: text)) }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: body)
        }
    }
}
