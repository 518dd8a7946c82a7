import Engine
import FleetModel
import Foundation
import Reconcile
import Registry

/// Writes what the engine found and did into the registry: each target's state, and a
/// history entry per sync, in one transaction each.
struct TargetRecorder: Sendable {
    let registry: Registry

    /// Records each target as the engine finishes it.
    func record(_ event: EngineEvent) {
        if case .finished(let report) = event { record(report) }
    }

    func record(_ report: TargetReport) {
        let now = Date()
        let previous = try? registry.target(report.target.application.name, on: report.target.cluster)
        var state = TargetState(
            application: report.target.application.name, cluster: report.target.cluster,
            applicationSet: report.target.applicationSet, syncStatus: report.syncStatus,
            health: report.health.status.rawValue, healthMessage: report.health.message,
            revision: report.comparison?.revision ?? previous?.revision, message: report.error, reconciledAt: now,
            lastSyncAt: previous?.lastSyncAt, lastSyncSucceeded: previous?.lastSyncSucceeded,
            lastSyncRevision: previous?.lastSyncRevision, objects: previous?.objects ?? "[]")
        var entry: SyncHistoryEntry?
        if let sync = report.sync {
            let objects = Self.objects(sync.outcomes)
            let started = Date(timeIntervalSinceNow: -Double(report.duration / .milliseconds(1)) / 1000)
            state.lastSyncAt = now
            state.lastSyncSucceeded = sync.succeeded
            state.lastSyncRevision = report.comparison?.revision
            state.objects = objects
            entry = SyncHistoryEntry(
                application: state.application, cluster: state.cluster, revision: state.lastSyncRevision,
                startedAt: started, finishedAt: now, succeeded: sync.succeeded, message: sync.message,
                objects: objects)
        }
        do {
            try registry.record(state, sync: entry)
        } catch {
            Terminal.standardError.write("warning: \(report.target.id): the result was not recorded: \(error)\n")
        }
    }

    /// After a run over the whole fleet, forgets the recorded state of targets the fleet no
    /// longer generates, so that `status` shows the fleet as it is. Their objects stay on
    /// their clusters: nothing is ever deleted because an Application stopped being generated.
    func forgetVanished(_ resolution: TargetResolution) {
        guard resolution.isWholeFleet else { return }
        do {
            try registry.forgetTargets(except: Set(resolution.targets.map(\.id)))
        } catch {
            Terminal.standardError.write("warning: stale targets were not forgotten: \(error)\n")
        }
    }

    static func objects(_ outcomes: [ObjectOutcome]) -> String {
        JSONWriter.compact(
            .array(
                outcomes.map {
                    [
                        "object": .string($0.key.description), "result": .string($0.result),
                        "message": .string($0.message),
                    ]
                }))
    }
}
