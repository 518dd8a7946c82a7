import FleetModel
import Foundation
import Reconcile
import Registry
import Synchronization

/// The pipeline's recording step: writes what the engine found and did into the store, each
/// target's state and a history entry per sync. Reports are queued as targets finish and written in batches, one
/// transaction per batch, on a queue of the recorder's own (never on the engine's threads);
/// `finish()` waits until everything queued is written.
public final class TargetRecorder: Sendable {
    /// What the recorded run was, which decides its history entries and messages.
    public enum Recording: Sendable, Equatable {
        /// A comparison (`diff`, `status --refresh`): state only, no history.
        case comparison
        /// A sync asked for by `initiator`: every target that synced, or had nothing to write,
        /// gets a history entry.
        case sync(by: SyncInitiator)
        /// A rollback to a commit asked for by `initiator`: a sync whose history entry says
        /// `rollback to <commit>`.
        case rollback(to: String, by: SyncInitiator)
        /// The comparison with Git after a rollback: OutOfSync says `rolled back to <commit>`.
        case comparisonAfterRollback(to: String)
        /// A reconciliation of `flotilla serve`: a history entry only for targets that synced;
        /// `held` targets (id → the commit they were rolled back to) say so when OutOfSync.
        case reconciliation(held: [String: String])
    }

    let store: any FleetStore
    let recording: Recording
    private let warn: @Sendable (String) -> Void
    private let queue = DispatchQueue(label: "flotilla.recorder")
    private let pending = Mutex<[TargetUpdate]>([])

    /// A recorder of `recording` into `store`; `warn` hears of batches that could not be written.
    public init(store: any FleetStore, recording: Recording, warn: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.recording = recording
        self.warn = warn
    }

    /// Queues `report` for recording, unless the run was cancelled before it finished.
    public func record(_ report: TargetReport) {
        guard !report.cancelled else { return }
        let update = Self.update(report, recording: recording, at: Date())
        let wasIdle = pending.withLock { queued in
            queued.append(update)
            return queued.count == 1
        }
        if wasIdle { queue.async { self.flush() } }
    }

    /// Returns once every report recorded so far is in the registry.
    public func finish() async {
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
            try store.record(batch)
        } catch {
            let targets = batch.map { "\($0.application)@\($0.cluster)" }.joined(separator: ", ")
            warn("results of \(targets) were not recorded: \(error)")
        }
    }

    /// The store's update for `finished`; it holds the report without its objects until written.
    static func update(_ finished: TargetReport, recording: Recording, at now: Date) -> TargetUpdate {
        let outcome = syncOutcome(finished, recording: recording, firstSeen: false)
        let firstOutcome = syncOutcome(finished, recording: recording, firstSeen: true)
        let report = finished.withoutObjects
        let application = report.target.application
        let limit = application.document["spec"]?["revisionHistoryLimit"]?.intValue ?? 10
        return TargetUpdate(application: application.name, cluster: report.target.cluster, historyLimit: limit) {
            previous in
            var state = TargetState(
                application: application.name, cluster: report.target.cluster,
                applicationSet: report.target.applicationSet, syncStatus: report.syncStatus,
                health: report.health.status, healthMessage: report.health.message,
                revision: report.comparison?.revision ?? previous?.revision, message: report.message,
                reconciledAt: now, lastSyncAt: previous?.lastSyncAt, lastSyncSucceeded: previous?.lastSyncSucceeded,
                lastSyncRevision: previous?.lastSyncRevision, objects: previous?.objects ?? "[]",
                fleetFile: report.target.fleetFile, parent: report.target.parent?.target,
                finalizesResources: report.target.parent?.finalizesResources,
                acceptedChildren: report.acceptedChildren.map(\.stored) ?? previous?.acceptedChildren)
            if case .comparisonAfterRollback(let commit) = recording, report.syncStatus == .outOfSync,
                state.message.isEmpty
            {
                state.message = "rolled back to \(commit.prefix(12))"
            }
            if case .reconciliation(let held) = recording, let commit = held[report.target.id],
                report.syncStatus == .outOfSync, state.message.isEmpty
            {
                state.message = "rolled back to \(commit.prefix(12)); automated sync paused"
            }
            guard let outcome = previous?.lastSyncAt == nil ? firstOutcome : outcome else { return (state, nil) }
            let started = now.addingTimeInterval(-Double(report.duration / .milliseconds(1)) / 1000)
            state.lastSyncAt = now
            state.lastSyncSucceeded = outcome.succeeded
            state.lastSyncRevision = report.comparison?.revision
            state.objects = outcome.objects
            let entry = SyncHistoryEntry(
                application: state.application, cluster: state.cluster, revision: state.lastSyncRevision,
                startedAt: started, finishedAt: now, succeeded: outcome.succeeded, message: outcome.message,
                objects: outcome.objects, initiatedBy: recording.initiator)
            return (state, entry)
        }
    }

    /// The history entry's substance, when `report` is a sync to record: one that ran, or one
    /// that found nothing to write (a first sync of objects already in place is a rollback
    /// point too). A target that could not be compared wrote nothing and learned nothing: its
    /// state says why, its history stays as it was.
    /// Under `flotilla serve`, a history entry is a sync that ran, or an automated target
    /// found already in place before any sync was recorded (`firstSeen`: a sync killed after
    /// it applied, or objects applied by hand): its first rollback point.
    private static func syncOutcome(
        _ report: TargetReport, recording: Recording, firstSeen: Bool
    )
        -> (succeeded: Bool, message: String, objects: String)?
    {
        let marker: String
        switch recording {
        case .comparison, .comparisonAfterRollback: return nil
        case .reconciliation:
            if let sync = report.sync { return (sync.succeeded, sync.message, objects(sync.outcomes)) }
            guard firstSeen, report.target.application.syncPolicy?.automated != nil, report.syncStatus == .synced
            else { return nil }
            marker = ""
        case .sync: marker = ""
        case .rollback(let commit, _): marker = "rollback to \(commit.prefix(12))"
        }
        let note = { (text: String) in [marker, text].filter { !$0.isEmpty }.joined(separator: ": ") }
        if let sync = report.sync {
            return (sync.succeeded, note(sync.message), objects(sync.outcomes))
        }
        guard report.error.isEmpty, let comparison = report.comparison else { return nil }
        let unchanged = comparison.changes.filter { $0.desired != nil }.map {
            ObjectOutcome(key: $0.key, result: .unchanged)
        }
        return (true, note("already synced; nothing written"), objects(unchanged))
    }

    static func objects(_ outcomes: [ObjectOutcome]) -> String {
        JSONWriter.compact(
            .array(
                outcomes.map {
                    [
                        "object": .string($0.key.description), "result": .string($0.result.description),
                        "message": .string($0.message),
                    ]
                }))
    }
}

extension TargetRecorder.Recording {
    /// Who asked for the syncs recorded: `flotilla serve`'s own reconciliations are automated.
    var initiator: SyncInitiator? {
        switch self {
        case .sync(let initiator), .rollback(_, let initiator): initiator
        case .reconciliation: .automated
        case .comparison, .comparisonAfterRollback: nil
        }
    }
}
