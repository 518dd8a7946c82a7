import FleetModel
import Foundation
import Registry

/// Recorded state in Prometheus' text exposition format, for a node exporter's textfile
/// collector or a push gateway: one `flotilla_target_*` series per target, and totals.
public struct StatusMetrics: Sendable {
    let report: StatusReport

    /// The metrics of `report`.
    public init(_ report: StatusReport) {
        self.report = report
    }

    /// The exposition text.
    public func text() -> String {
        var text = """
            # HELP flotilla_target_status A target's sync status and health (always 1; the state is in the labels).
            # TYPE flotilla_target_status gauge

            """
        for state in report.states {
            text +=
                "flotilla_target_status{\(Self.labels(state)),sync_status=\"\(Self.escaped(state.syncStatus.rawValue))\","
                + "health=\"\(Self.escaped(state.health.rawValue))\",state=\"\(TargetCell(state).rawValue)\"} 1\n"
        }
        text += """
            # HELP flotilla_target_last_sync_timestamp_seconds When a target was last synced.
            # TYPE flotilla_target_last_sync_timestamp_seconds gauge

            """
        for state in report.states {
            guard let synced = state.lastSyncAt else { continue }
            text += "flotilla_target_last_sync_timestamp_seconds{\(Self.labels(state))} "
            text += "\(Int(synced.timeIntervalSince1970))\n"
        }
        text += """
            # HELP flotilla_target_last_sync_succeeded Whether a target's last sync succeeded (1) or failed (0).
            # TYPE flotilla_target_last_sync_succeeded gauge

            """
        for state in report.states {
            guard let succeeded = state.lastSyncSucceeded else { continue }
            text += "flotilla_target_last_sync_succeeded{\(Self.labels(state))} \(succeeded ? 1 : 0)\n"
        }
        text += """
            # HELP flotilla_targets Targets by state (Healthy means Synced and Healthy).
            # TYPE flotilla_targets gauge

            """
        let cells = report.states.map(TargetCell.init)
        for state in TargetCell.allCases {
            text += "flotilla_targets{state=\"\(state.rawValue)\"} \(cells.filter { $0 == state }.count)\n"
        }
        return text
    }

    private static func labels(_ state: TargetState) -> String {
        "application=\"\(escaped(state.application))\",cluster=\"\(escaped(state.cluster))\","
            + "application_set=\"\(escaped(state.applicationSet ?? ""))\""
    }

    /// A label value as the format wants it: backslash, double quote and newline escaped.
    static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
