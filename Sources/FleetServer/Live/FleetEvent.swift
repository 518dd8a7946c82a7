import FleetModel
import Foundation
import Registry

/// What the dashboard hears live (`/api/v1/events`): one server-sent event, written once for
/// every page that listens, and who may hear it.
public struct FleetEvent: Sendable {
    /// The project of the target it is about (callers who may not see it do not hear it);
    /// nil when it is about no one target.
    public var project: String?
    /// The event as sent: `event: …`, `data: …` and the blank line.
    public var text: String

    /// A target was reconciled: its new state as the list's item, with the project and policy
    /// it has in the fleet.
    static func target(_ state: TargetState, project: String, automated: Bool) -> FleetEvent {
        let item = TargetDocuments.item(
            state, extras: TargetDocuments.Extras(project: project, automated: automated, running: false))
        return FleetEvent(project: project, text: "event: target\ndata: \(JSONWriter.compact(item))\n\n")
    }

    /// A refresh cycle finished.
    static func cycle(finishedAt: Date, targets: Int) -> FleetEvent {
        let data: JSONValue = ["finishedAt": .string(TargetDocuments.timestamp(finishedAt)), "targets": .int(targets)]
        return FleetEvent(project: nil, text: "event: cycle\ndata: \(JSONWriter.compact(data))\n\n")
    }
}
