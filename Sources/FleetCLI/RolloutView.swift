import Engine
import FleetModel
import Foundation
import Registry

/// A rollout as `rollout status` shows it: the record, then each step's targets with their
/// recorded state (a table, or a JSON document, where each step says where it stands as the
/// dashboard's rollout page does: `RolloutStepState`).
struct RolloutView {
    let applicationSet: String
    let plan: RolloutPlan
    let record: RolloutRecord?
    let states: [String: TargetState]

    /// The header lines and the table of targets.
    func text() -> String {
        var lines: [String] = []
        if let record {
            // "everywhere" only when every target was last healthy at the same commit.
            let healthy = record.lastHealthyRevisionCount > 1 ? "last healthy" : "last healthy everywhere"
            lines.append(
                "Rollout \(applicationSet): \(record.state.rawValue) at step \(record.step + 1)/\(plan.steps.count), "
                    + "revision \(RolloutProgress.revisions(of: record)) "
                    + "(\(healthy): \(RolloutProgress.lastHealthyRevisions(of: record)))")
            if record.state == .halted {
                lines.append("Halted by \(record.haltedTarget ?? "?"): \(record.haltReason ?? "")")
            }
            if let until = record.pausedUntil { lines.append("Baking until \(until.formatted(.iso8601))") }
        } else {
            lines.append("Rollout \(applicationSet): not started (flotilla sync runs it)")
        }
        let good = plan.targets.filter { isGood($0.id) }.count
        lines.append("Progress: \(good)/\(plan.targets.count) targets Synced and Healthy at the rollout's revision")
        // Targets at different commits: each one's commit of the rollout beside what it runs.
        let perTarget = record.map { $0.revisionCount > 1 } ?? false
        var table = TableWriter(
            headers: ["STEP", "SELECTOR", "APPLICATION", "CLUSTER", "SYNC", "HEALTH", "REVISION"]
                + (perTarget ? ["ROLLOUT REVISION"] : []))
        for (index, step) in plan.steps.enumerated() {
            for target in step.targets {
                let state = states[target.id]
                table.append(
                    [
                        "\(index + 1)", step.title, target.application.name, target.cluster,
                        state?.syncStatus.rawValue ?? "-", state?.health.rawValue ?? "-",
                        RolloutProgress.short(state?.lastSyncRevision),
                    ] + (perTarget ? [RolloutProgress.short(record?.revision(of: target.id))] : []))
            }
        }
        return lines.joined(separator: "\n") + "\n" + table.render()
    }

    /// The same as JSON.
    func document() -> JSONValue {
        var members: JSONObject = ["applicationSet": .string(applicationSet)]
        if let record {
            members["state"] = .string(record.state.rawValue)
            members["step"] = .int(record.step + 1)
            members["revision"] = record.revision.map(JSONValue.string) ?? .null
            members["lastHealthyRevision"] = record.lastHealthyRevision.map(JSONValue.string) ?? .null
            members["revisions"] = commits(record.revision(of:))
            members["lastHealthyRevisions"] = commits(record.lastHealthyRevision(of:))
            members["haltedTarget"] = record.haltedTarget.map(JSONValue.string) ?? .null
            members["haltReason"] = record.haltReason.map(JSONValue.string) ?? .null
            members["startedAt"] = .string(record.startedAt.formatted(.iso8601))
            members["updatedAt"] = .string(record.updatedAt.formatted(.iso8601))
            members["pausedUntil"] = record.pausedUntil.map { .string($0.formatted(.iso8601)) } ?? .null
        } else {
            members["state"] = "notStarted"
        }
        members["stepCount"] = .int(plan.steps.count)
        let stepStates = RolloutStepState.of(stepCount: plan.steps.count, record: record, planDigest: plan.digest)
        members["steps"] = .array(
            plan.steps.enumerated().map { index, step in
                [
                    "step": .int(index + 1), "selector": .string(step.title),
                    "state": .string(stepStates[index].rawValue),
                    "maxUpdate": .int(step.maxUpdate),
                    "maxUnavailable": .int(step.maxUnavailable),
                    "targets": .array(step.targets.map { target($0) }),
                ]
            })
        return .object(members)
    }

    /// Each target's commit by `app@cluster` (those with one), as `commit` tells it.
    private func commits(_ commit: (String) -> String?) -> JSONValue {
        .object(
            plan.targets.reduce(into: JSONObject()) { members, target in
                if let revision = commit(target.id) { members[target.id] = .string(revision) }
            })
    }

    private func target(_ target: FleetTarget) -> JSONValue {
        let state = states[target.id]
        return [
            "application": .string(target.application.name), "cluster": .string(target.cluster),
            "syncStatus": state.map { .string($0.syncStatus.rawValue) } ?? .null,
            "health": state.map { .string($0.health.rawValue) } ?? .null,
            "revision": state?.lastSyncRevision.map(JSONValue.string) ?? .null,
            "message": .string(state.map { $0.message.isEmpty ? $0.healthMessage : $0.message } ?? ""),
        ]
    }

    /// Whether the target is Synced and Healthy at the rollout's commit of it.
    private func isGood(_ id: String) -> Bool {
        guard let state = states[id] else { return false }
        let revision = record?.revision(of: id)
        return state.syncStatus == .synced && state.health == .healthy
            && (revision == nil || state.lastSyncRevision == revision || state.revision == revision)
    }
}
