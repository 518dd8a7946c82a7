import Foundation
import Reconcile
import Registry

/// The pipeline's retirement step: recorded targets that the fleet files stopped generating (known only for a run over the
/// whole fleet). A sync deletes their objects where their ApplicationSet allows it and
/// forgets the rest, leaving their objects in place; a diff or dry run says what a sync would do.
public struct VanishedTargets: Sendable {
    /// Each vanished target and what becomes of it.
    public let decisions: [(target: VanishedTarget, decision: RetirementDecision)]

    /// The vanished targets of `resolution`'s run, as recorded in `store`, and their fates;
    /// `children` are the child Applications the run found, `prune` the run's override.
    init(_ resolution: TargetResolution, children: ChildDiscovery.Found, prune: Bool?, store: any FleetStore) throws {
        let vanished = try resolution.vanished(in: store, children: children)
        let context = resolution.retirementContext(children: children, prune: prune)
        decisions = vanished.map { ($0, RetirementDecision.of($0, in: context)) }
    }

    /// Whether a sync would delete anything.
    public var deletesAny: Bool { decisions.contains { $0.decision == .delete } }

    /// What a sync would do, a line per target.
    public func plan() -> String {
        decisions.map { target, decision in
            switch decision {
            case .delete: "\(Self.name(target)): no longer generated; a sync deletes its objects\n"
            case .forget(let why): "\(Self.name(target)): no longer generated; \(why)\n"
            }
        }.joined()
    }

    /// Deletes what may be deleted and forgets the rest; a target whose deletion failed stays
    /// recorded with the reason (the next sync tries again). What happened, a line per target,
    /// and whether every deletion succeeded.
    public func carryOut(with engine: Engine, store: any FleetStore) async -> (text: String, succeeded: Bool) {
        let doomed = decisions.filter { $0.decision == .delete }.map(\.target)
        let reports = await engine.retire(doomed)
        var text = ""
        var forgotten: [(application: String, cluster: String, entry: SyncHistoryEntry?)] = []
        var failed: [TargetUpdate] = []
        let now = Date()
        for case (let target, .forget(let why)) in decisions {
            text += "\(Self.name(target)): no longer generated; forgotten: \(why)\n"
            forgotten.append((target.application, target.cluster, nil))
        }
        for report in reports {
            let target = report.target
            for outcome in report.outcomes { text += "\(outcome)\n" }
            let entry = SyncHistoryEntry(
                application: target.application, cluster: target.cluster, revision: target.revision, startedAt: now,
                finishedAt: now, succeeded: report.error.isEmpty,
                message: report.error.isEmpty ? "deleted: no longer generated" : "deletion failed: \(report.error)",
                objects: TargetRecorder.objects(report.outcomes))
            if report.error.isEmpty {
                text += "\(Self.name(target)): no longer generated; deleted\n"
                forgotten.append((target.application, target.cluster, entry))
            } else {
                text += "\(Self.name(target)): no longer generated; deletion failed: \(report.error)\n"
                failed.append(
                    TargetUpdate(application: target.application, cluster: target.cluster) { previous in
                        var state =
                            previous
                            ?? TargetState(
                                application: target.application, cluster: target.cluster,
                                applicationSet: target.applicationSet, syncStatus: .unknown, health: .unknown,
                                healthMessage: "", revision: nil, message: "", reconciledAt: now)
                        state.message = entry.message
                        state.reconciledAt = now
                        return (state, entry)
                    })
            }
        }
        do {
            try store.forget(forgotten)
            try store.record(failed)
        } catch {
            text += "warning: vanished targets were not recorded: \(error)\n"
        }
        return (text, failed.isEmpty)
    }

    private static func name(_ target: VanishedTarget) -> String {
        "Application \(target.application) on cluster \(target.cluster)"
    }
}
