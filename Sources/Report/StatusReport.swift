import FleetModel
import Foundation
import Registry

/// The fleet at a glance, from recorded target states: a matrix of Applications (grouped by
/// the ApplicationSet that made them) × clusters, a wide table, or a JSON document.
public struct StatusReport: Sendable {
    /// The targets shown.
    public let states: [TargetState]

    /// A report of `states`.
    public init(_ states: [TargetState]) {
        self.states = states
    }

    /// Whether every target is Synced and Healthy.
    public var allGood: Bool { states.allSatisfy { TargetCell($0) == .healthy } }

    /// The matrix, with a READY count of targets and the worst state per row, the worst per cluster below,
    /// then the first failing targets with their messages.
    public func matrix(colour: Bool, failuresShown: Int = 5) -> String {
        let grid = StatusGrid(states)
        func paint(_ cell: TargetCell?) -> String {
            guard let cell else { return "·" }
            return colour ? cell.colour + cell.symbol + "\u{1B}[0m" : cell.symbol
        }
        var lines: [[String]] = [["APPLICATION"] + grid.clusters + ["READY", "STATE"]]
        for row in grid.rows {
            let summary = grid.summary(of: row)
            lines.append(
                [row] + grid.clusters.map { paint(grid.worst(row, on: $0)) } + [
                    "\(summary.ready)/\(summary.total)", summary.worst.rawValue,
                ])
        }
        lines.append(["(worst)"] + grid.clusters.map { paint(grid.worst(onCluster: $0)) } + ["", ""])
        var text = Self.aligned(lines, visibleWidth: { Self.visibleWidth($0) })
        let failing = states.filter { TargetCell($0) != .healthy }
        if !failing.isEmpty {
            text += "\n"
            for state in failing.prefix(failuresShown) {
                let why = state.message.isEmpty ? state.healthMessage : state.message
                text +=
                    "\(state.application)@\(state.cluster): \(state.syncStatus), \(state.health)"
                    + (why.isEmpty ? "" : ": \(why)") + "\n"
            }
            if failing.count > failuresShown { text += "… and \(failing.count - failuresShown) more (-o wide)\n" }
        }
        return text
    }

    /// One row per target; REVISION is what is deployed (the revision last synced), else the
    /// revision last compared.
    public func wide() -> String {
        var lines = [["APPLICATION", "CLUSTER", "SYNC", "HEALTH", "REVISION", "LAST SYNC", "MESSAGE"]]
        for state in states {
            lines.append([
                state.application, state.cluster, state.syncStatus.rawValue, state.health.rawValue,
                (state.lastSyncRevision ?? state.revision).map { String($0.prefix(12)) } ?? "-",
                state.lastSyncAt.map { $0.formatted(Self.timestamp) } ?? "-",
                state.message.isEmpty ? state.healthMessage : state.message,
            ])
        }
        return Self.aligned(lines, visibleWidth: { $0.count })
    }

    /// Everything, as a stable document; without `objects`, the last sync's per-object results
    /// are left out (a list of many targets does not need them).
    public func document(objects withObjects: Bool = true) -> JSONValue {
        let items = states.map { state -> JSONValue in
            var item = JSONObject([
                ("application", .string(state.application)), ("cluster", .string(state.cluster)),
                ("syncStatus", .string(state.syncStatus.rawValue)), ("health", .string(state.health.rawValue)),
                ("state", .string(TargetCell(state).rawValue)),
            ])
            if let applicationSet = state.applicationSet { item["applicationSet"] = .string(applicationSet) }
            if let parent = state.parent { item["parent"] = .string(parent) }
            if !state.healthMessage.isEmpty { item["healthMessage"] = .string(state.healthMessage) }
            if let revision = state.revision { item["revision"] = .string(revision) }
            if !state.message.isEmpty { item["message"] = .string(state.message) }
            item["reconciledAt"] = .string(state.reconciledAt.formatted(Self.timestamp))
            if let lastSync = state.lastSyncAt {
                var members: [(String, JSONValue)] = [
                    ("at", .string(lastSync.formatted(Self.timestamp))),
                    ("succeeded", .bool(state.lastSyncSucceeded ?? false)),
                    ("revision", state.lastSyncRevision.map(JSONValue.string) ?? .null),
                ]
                if withObjects { members.append(("objects", (try? JSONReader.parse(state.objects)) ?? .array([]))) }
                item["lastSync"] = .object(JSONObject(members))
            }
            return .object(item)
        }
        let ready = states.filter { TargetCell($0) == .healthy }.count
        let summary: JSONValue = ["targets": .int(states.count), "ready": .int(ready)]
        let members: [(String, JSONValue)] = [
            ("apiVersion", "flotilla.dev/v1alpha1"), ("kind", "FleetStatus"), ("summary", summary),
            ("items", .array(items)),
        ]
        return .object(JSONObject(members))
    }

    static let timestamp = Date.ISO8601FormatStyle()

    private static func visibleWidth(_ text: String) -> Int {
        var width = 0
        var escaping = false
        for character in text {
            if character == "\u{1B}" {
                escaping = true
            } else if escaping {
                if character == "m" { escaping = false }
            } else {
                width += 1
            }
        }
        return width
    }

    /// Columns aligned kubectl-style, three spaces apart, no trailing blanks.
    private static func aligned(_ lines: [[String]], visibleWidth: (String) -> Int) -> String {
        guard let header = lines.first else { return "" }
        let widths = header.indices.map { column in lines.map { visibleWidth($0[column]) }.max() ?? 0 }
        return lines.map { line in
            var text = ""
            for (column, cell) in line.enumerated() {
                text += cell
                if column < line.count - 1 {
                    text += String(repeating: " ", count: widths[column] - visibleWidth(cell) + 3)
                }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }.joined()
    }
}
