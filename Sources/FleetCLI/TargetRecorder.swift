import Engine
import FleetModel
import Foundation
import Reconcile
import Registry
import Synchronization

/// Writes what the engine found and did into the registry: each target's state, and a
/// history entry per sync. Reports are queued as targets finish and written in batches, one
/// transaction per batch, on a queue of the recorder's own (never on the engine's threads);
/// `finish()` waits until everything queued is written.
final class TargetRecorder: Sendable {
    let registry: Registry
    private let queue = DispatchQueue(label: "flotilla.recorder")
    private let pending = Mutex<[TargetUpdate]>([])

    init(registry: Registry) {
        self.registry = registry
    }

    /// Queues `report` for recording, unless the run was cancelled before it finished.
    func record(_ report: TargetReport) {
        guard !report.cancelled else { return }
        let update = Self.update(report, at: Date())
        let wasIdle = pending.withLock { queued in
            queued.append(update)
            return queued.count == 1
        }
        if wasIdle { queue.async { self.flush() } }
    }

    /// Returns once every report recorded so far is in the registry.
    func finish() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async {
                self.flush()
                done.resume()
            }
        }
    }

    private func flush() {
        let batch = pending.withLock { queued in
            defer { queued.removeAll() }
            return queued
        }
        do {
            try registry.record(batch)
        } catch {
            let targets = batch.map { "\($0.application)@\($0.cluster)" }.joined(separator: ", ")
            Terminal.standardError.write("warning: results of \(targets) were not recorded: \(error)\n")
        }
    }

    static func update(_ report: TargetReport, at now: Date) -> TargetUpdate {
        let application = report.target.application
        let limit = application.document["spec"]?["revisionHistoryLimit"]?.intValue ?? 10
        return TargetUpdate(application: application.name, cluster: report.target.cluster, historyLimit: limit) {
            previous in
            var state = TargetState(
                application: application.name, cluster: report.target.cluster,
                applicationSet: report.target.applicationSet, syncStatus: report.syncStatus,
                health: report.health.status.rawValue, healthMessage: report.health.message,
                revision: report.comparison?.revision ?? previous?.revision, message: report.message,
                reconciledAt: now, lastSyncAt: previous?.lastSyncAt, lastSyncSucceeded: previous?.lastSyncSucceeded,
                lastSyncRevision: previous?.lastSyncRevision, objects: previous?.objects ?? "[]")
            guard let sync = report.sync else { return (state, nil) }
            let objects = objects(sync.outcomes)
            let started = now.addingTimeInterval(-Double(report.duration / .milliseconds(1)) / 1000)
            state.lastSyncAt = now
            state.lastSyncSucceeded = sync.succeeded
            state.lastSyncRevision = report.comparison?.revision
            state.objects = objects
            let entry = SyncHistoryEntry(
                application: state.application, cluster: state.cluster, revision: state.lastSyncRevision,
                startedAt: started, finishedAt: now, succeeded: sync.succeeded, message: sync.message,
                objects: objects)
            return (state, entry)
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
