import FleetModel
import Foundation
import Hummingbird
import Registry

/// `/api/v1/rollouts`: the progressive rollouts on record (issue 18), each with where it stands
/// and why it halted. A caller sees a rollout when it may see one of its ApplicationSet's targets.
enum RolloutRoutes {
    static func add(to api: RouterGroup<FleetRequestContext>, backend: any FleetBackend) {
        api.get("rollouts") { _, context in
            let caller = try context.caller()
            let listing = try await TargetRoutes.Listing.read(backend)
            let visible = Set(
                listing.states.filter { caller.canSee(project: listing.extras(of: $0).project) }.compactMap(
                    \.applicationSet))
            let items = try backend.rollouts().filter { visible.contains($0.applicationSet) }.map(document)
            return JSONBody.response(["items": .array(items)])
        }
    }

    /// One rollout as the API shows it.
    static func document(_ rollout: RolloutRecord) -> JSONValue {
        [
            "applicationSet": .string(rollout.applicationSet), "state": .string(rollout.state.rawValue),
            "step": .int(rollout.step + 1), "stepCount": .int(rollout.stepCount),
            "revision": rollout.revision.map(JSONValue.string) ?? .null,
            "lastHealthyRevision": rollout.lastHealthyRevision.map(JSONValue.string) ?? .null,
            "haltedTarget": rollout.haltedTarget.map(JSONValue.string) ?? .null,
            "haltReason": rollout.haltReason.map(JSONValue.string) ?? .null,
            "updatedAt": .string(rollout.updatedAt.formatted(.iso8601)),
            "pausedUntil": rollout.pausedUntil.map { .string($0.formatted(.iso8601)) } ?? .null,
        ]
    }
}
