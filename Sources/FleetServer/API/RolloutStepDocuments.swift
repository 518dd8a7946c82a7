import Engine
import FleetModel
import Registry

/// The steps of one rollout as `GET /api/v1/rollouts/{applicationSet}` shows them: each step
/// of the controller's current plan with where it stands (`RolloutStepState`, shared with
/// `flotilla rollout status`) and its targets with their recorded sync status and health, the
/// commit the rollout takes each to and the commit each last synced.
enum RolloutStepDocuments {
    /// The steps of `plan` under `record`, the targets' states read from `listing` (no plan
    /// known yet: none).
    static func steps(_ plan: RolloutPlan?, record: RolloutRecord, listing: TargetRoutes.Listing) -> JSONValue {
        guard let plan else { return .array([]) }
        // The ApplicationSet's own targets' states, not a child Application's of the same `app@cluster`.
        let states = Dictionary(
            listing.states.filter { $0.parent == nil }.map { ("\($0.application)@\($0.cluster)", $0) }
        ) { first, _ in first }
        let stepStates = RolloutStepState.of(stepCount: plan.steps.count, record: record, planDigest: plan.digest)
        return .array(
            zip(plan.steps, stepStates).enumerated().map { index, pair in
                let (step, state) = pair
                return [
                    "number": .int(index + 1), "title": .string(step.title), "state": .string(state.rawValue),
                    "maxUpdate": .int(step.maxUpdate), "maxUnavailable": .int(step.maxUnavailable),
                    "pauseAfter": .string(GoDuration.text(of: step.pauseAfter)),
                    "targets": .array(step.targets.map { target($0, state: states[$0.id], record: record) }),
                ]
            })
    }

    /// One target of a step: null sync status, health and last synced commit until it is recorded.
    private static func target(_ target: FleetTarget, state: TargetState?, record: RolloutRecord) -> JSONValue {
        [
            "application": .string(target.application.name), "cluster": .string(target.cluster),
            "project": .string(target.application.project),
            "syncStatus": state.map { .string($0.syncStatus.rawValue) } ?? .null,
            "health": state.map { .string($0.health.rawValue) } ?? .null,
            "revision": record.revision(of: target.id).map(JSONValue.string) ?? .null,
            "lastSyncRevision": state?.lastSyncRevision.map(JSONValue.string) ?? .null,
        ]
    }
}
