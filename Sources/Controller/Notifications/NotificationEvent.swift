import Engine
import FleetModel
import Foundation

/// One trigger fired by one target: the fields templates use.
public struct NotificationEvent: Sendable, Equatable {
    /// The longest text a field carries (a long error is cut, marked with "…").
    public static let maximumFieldLength = 2000

    /// What fired.
    public var trigger: NotificationTrigger
    /// The template fields, each value plain text (escaped when the body is written).
    public var fields: [NotificationField: String]

    /// The event of `trigger` for `report`, seen at `time`.
    public init(_ trigger: NotificationTrigger, report: TargetReport, time: Date) {
        self.trigger = trigger
        let target = report.target
        let values: [NotificationField: String] = [
            .application: target.application.name, .cluster: target.cluster, .project: target.application.project,
            .applicationSet: target.applicationSet ?? "", .syncStatus: report.syncStatus.rawValue,
            .health: report.health.status.rawValue, .healthMessage: report.health.message,
            .revision: report.comparison?.revision ?? "",
            .message: report.message.isEmpty ? (report.sync?.message ?? "") : report.message,
            .trigger: trigger.rawValue, .time: time.formatted(.iso8601),
        ]
        fields = values.mapValues(Self.bounded)
    }

    /// An event with these fields (tests).
    public init(_ trigger: NotificationTrigger, fields: [NotificationField: String]) {
        self.trigger = trigger
        self.fields = fields
    }

    /// `text`, cut to `maximumFieldLength` characters.
    static func bounded(_ text: String) -> String {
        text.count <= maximumFieldLength ? text : String(text.prefix(maximumFieldLength - 1)) + "…"
    }

    /// `<application> on <cluster>`.
    var targetName: String { "\(fields[.application] ?? "") on \(fields[.cluster] ?? "")" }
}
