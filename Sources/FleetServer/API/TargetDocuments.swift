import Engine
import FleetModel
import Foundation
import Reconcile
import Registry
import Report

/// The JSON documents of the API's targets: items as `flotilla status -o json` has them, with
/// what serve knows beyond the record (project, automated, running, hold).
enum TargetDocuments {
    /// What serve knows of a target beyond its record.
    struct Extras {
        var project: String?
        var automated: Bool
        var running: Bool
        var hold: SyncHold?
    }

    /// The status document of `states` (`flotilla status -o json`) without the last syncs'
    /// per-object results (one target's page has them), each item with its extras.
    static func list(_ states: [TargetState], extras: (TargetState) -> Extras, cycle: ControllerCycle?) -> JSONValue {
        let report = StatusReport(states).document(objects: false)
        guard case .object(var document) = report, case .array(let items)? = document["items"] else { return report }
        document["items"] = .array(zip(items, states).map { item(from: $0, extras: extras($1)) })
        if let cycle {
            document["controller"] = [
                "pid": .int(Int(cycle.pid)), "lastCycleAt": .string(timestamp(cycle.finishedAt)),
                "targets": .int(cycle.targets),
            ]
        }
        return .object(document)
    }

    /// One target's item.
    static func item(_ state: TargetState, extras: Extras) -> JSONValue {
        guard case .array(let items)? = StatusReport([state]).document()["items"], let item = items.first else {
            return .null
        }
        return self.item(from: item, extras: extras)
    }

    private static func item(from item: JSONValue, extras: Extras) -> JSONValue {
        guard case .object(var members) = item else { return item }
        members["project"] = extras.project.map(JSONValue.string) ?? .null
        members["automated"] = .bool(extras.automated)
        members["running"] = .bool(extras.running)
        if let hold = extras.hold {
            members["hold"] = ["rolledBackTo": .string(hold.rolledBackTo), "since": .string(timestamp(hold.since))]
        }
        return .object(members)
    }

    /// An object of a target.
    static func object(_ view: ObjectView) -> JSONValue {
        var members = JSONObject([
            ("group", .string(view.key.group)), ("version", .string(view.version)), ("kind", .string(view.key.kind)),
            ("namespace", .string(view.key.namespace)), ("name", .string(view.key.name)),
            ("status", .string(view.status.rawValue)), ("action", .string(view.action.rawValue)),
        ])
        if let health = view.health {
            members["health"] = .string(health.status.rawValue)
            if !health.message.isEmpty { members["healthMessage"] = .string(health.message) }
        }
        if !view.reason.isEmpty { members["reason"] = .string(view.reason) }
        return .object(members)
    }

    /// A history entry.
    static func entry(_ entry: SyncHistoryEntry) -> JSONValue {
        let members: [(String, JSONValue)] = [
            ("id", entry.id.map { .int(Int($0)) } ?? .null),
            ("revision", entry.revision.map(JSONValue.string) ?? .null),
            ("startedAt", .string(timestamp(entry.startedAt))), ("finishedAt", .string(timestamp(entry.finishedAt))),
            ("succeeded", .bool(entry.succeeded)), ("message", .string(entry.message)),
            ("initiatedBy", entry.initiatedBy.map { .string($0.description) } ?? .null),
            ("objects", (try? JSONReader.parse(entry.objects)) ?? .array([])),
        ]
        return .object(JSONObject(members))
    }

    /// The changes of a comparison that are not `unchanged`, with their diffs.
    static func changes(_ report: TargetReport) -> JSONValue {
        .array(
            (report.comparison?.changes ?? []).filter { $0.action != .unchanged }.map { change in
                var members = JSONObject([
                    ("object", .string(change.key.description)), ("action", .string(change.action.rawValue)),
                    ("diff", .string(change.diff)),
                ])
                if !change.reason.isEmpty { members["reason"] = .string(change.reason) }
                return .object(members)
            })
    }

    /// A sync's result.
    static func result(_ report: TargetReport) -> JSONValue {
        let outcomes: [JSONValue] = (report.sync?.outcomes ?? []).map { outcome in
            [
                "object": .string(outcome.key.description), "result": .string(outcome.result.description),
                "message": .string(outcome.message),
            ]
        }
        let succeeded = report.error.isEmpty && (report.sync?.succeeded ?? true)
        return .object(
            JSONObject([
                ("succeeded", .bool(succeeded)), ("message", .string(report.message)),
                ("syncStatus", .string(report.syncStatus.rawValue)), ("health", .string(report.health.status.rawValue)),
                ("revision", report.comparison?.revision.map(JSONValue.string) ?? .null),
                ("outcomes", .array(outcomes)),
            ]))
    }

    static func timestamp(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle()) }
}
