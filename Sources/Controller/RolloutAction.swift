import Engine
import Registry

/// What a rollout action (resume, abort) of the API did.
public struct RolloutActionOutcome: Sendable {
    /// The rollout as recorded after the action.
    public var record: RolloutRecord
    /// The runs of its targets the action made, in plan order: for a resume, the reopened
    /// steps' targets reconciled; for an abort, the syncs back to `revisions`.
    public var reports: [TargetReport]
    /// For an abort: the commit each target went back to, by `app@cluster` (targets of one
    /// ApplicationSet may come from different repositories or branches).
    public var revisions: [String: String]

    /// For an abort: the commit its targets went back to, when they all went back to one.
    public var revision: String? {
        let distinct = Set(revisions.values)
        return distinct.count == 1 ? distinct.first : nil
    }

    /// An outcome.
    public init(record: RolloutRecord, reports: [TargetReport], revisions: [String: String] = [:]) {
        self.record = record
        self.reports = reports
        self.revisions = revisions
    }
}

/// Why a rollout action was not carried out.
public enum RolloutActionError: Error, Equatable, CustomStringConvertible {
    /// The controller has not read the fleet yet.
    case notReady
    /// The controller is shutting down.
    case stopping
    /// The fleet has no ApplicationSet of that name with a RollingSync strategy and a rollout on record.
    case unknownRollout(String)
    /// The rollout's state does not allow the action (why, for people).
    case refused(String)
    /// One of the rollout's targets is being synced.
    case busy(applicationSet: String, target: String)
    /// The registry could not be read or written.
    case registry(String)

    public var description: String {
        switch self {
        case .notReady: "flotilla serve has not read the fleet yet; try again after its first cycle"
        case .stopping: "flotilla serve is shutting down"
        case .unknownRollout(let name): "ApplicationSet \(name) has no rollout on record"
        case .refused(let why): why
        case .busy(let name, let target):
            "a sync of \(target), a target of rollout \(name), is already running; try again when it finishes"
        case .registry(let why): "the rollout could not be recorded: \(why)"
        }
    }
}
