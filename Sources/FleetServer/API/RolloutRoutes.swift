import Controller
import Engine
import FleetModel
import Foundation
import Hummingbird
import Registry

/// `/api/v1/rollouts`: the progressive rollouts on record (issue 18), each with where it stands
/// and why it halted. A caller sees a rollout when it may see the project of every target of
/// the rollout's plan — the ApplicationSet's own Applications, not the children (app of apps)
/// that another ApplicationSet of the same name renders. `GET …/{applicationSet}` adds the
/// plan's steps with their targets (`RolloutStepDocuments`). Operators and admins who see a
/// rollout may resume it (`POST …/{applicationSet}/resume`) or abort it (`…/abort`).
enum RolloutRoutes {
    /// What a caller may ask of a rollout.
    enum Action: String {
        case resume, abort
    }

    static func add(to api: RouterGroup<FleetRequestContext>, backend: any FleetBackend) {
        api.get("rollouts") { _, context in
            let caller = try context.caller()
            let listing = try await TargetRoutes.Listing.read(backend)
            let visible = visibleApplicationSets(listing, to: caller)
            let items = try backend.rollouts().filter { visible.contains($0.applicationSet) }.map(document)
            return JSONBody.response(["items": .array(items)])
        }
        api.get("rollouts/:applicationSet") { _, context in
            let caller = try context.caller()
            let name = try applicationSet(in: context, path: "/api/v1/rollouts/{applicationSet}")
            let listing = try await TargetRoutes.Listing.read(backend)
            let plan = await backend.rolloutPlan(of: name)
            // Every target the page names, recorded yet or not, is one the caller may see.
            let planVisible = plan?.targets.allSatisfy { caller.canSee(project: $0.application.project) } ?? true
            guard planVisible, visibleApplicationSets(listing, to: caller).contains(name),
                let record = try backend.rollouts().first(where: { $0.applicationSet == name })
            else { throw ApiError.notFound(RolloutActionError.unknownRollout(name).description) }
            var detail = members(of: record)
            detail["steps"] = RolloutStepDocuments.steps(plan, record: record, listing: listing)
            return JSONBody.response(.object(detail))
        }
        for action in [Action.resume, .abort] {
            api.post("rollouts/:applicationSet/\(action.rawValue)") { _, context in
                try await act(action, context, backend)
            }
        }
    }

    /// Carries out `action` on the rollout named by the path for an operator (or admin) who may
    /// see it; 404 when there is none or the caller may not see it (it is not known to exist).
    private static func act(
        _ action: Action, _ context: FleetRequestContext, _ backend: any FleetBackend
    ) async throws -> Response {
        let caller = try context.caller(atLeast: .operator)
        let name = try applicationSet(in: context, path: "/api/v1/rollouts/{applicationSet}/\(action.rawValue)")
        let listing = try await TargetRoutes.Listing.read(backend)
        guard visibleApplicationSets(listing, to: caller).contains(name) else {
            throw ApiError.notFound(RolloutActionError.unknownRollout(name).description)
        }
        let outcome: RolloutActionOutcome
        do {
            switch action {
            case .resume: outcome = try await backend.resumeRollout(named: name, by: .token(caller.name))
            case .abort: outcome = try await backend.abortRollout(named: name, by: .token(caller.name))
            }
        } catch {
            throw ApiError(status(of: error), error.description)
        }
        var answer = JSONObject([
            ("rollout", document(outcome.record)),
            ("results", .array(outcome.reports.filter { !$0.cancelled }.map(result))),
        ])
        if !outcome.revisions.isEmpty {
            answer["revision"] = outcome.revision.map(JSONValue.string) ?? .null
            answer["revisions"] = .object(
                JSONObject(outcome.revisions.sorted { $0.key < $1.key }.map { ($0, .string($1)) }))
        }
        return JSONBody.response(.object(answer))
    }

    /// The ApplicationSet named by the request's path (of the form `path`).
    private static func applicationSet(in context: FleetRequestContext, path: String) throws -> String {
        guard let name = context.parameters.get("applicationSet")?.removingPercentEncoding else {
            throw ApiError.badRequest("the path must be \(path)")
        }
        return name
    }

    private static func status(of error: RolloutActionError) -> HTTPResponse.Status {
        switch error {
        case .notReady, .stopping: .serviceUnavailable
        case .unknownRollout: .notFound
        case .refused, .busy: .conflict
        case .registry: .internalServerError
        }
    }

    /// What an action did to one target.
    static func result(_ report: TargetReport) -> JSONValue {
        [
            "application": .string(report.target.application.name), "cluster": .string(report.target.cluster),
            "result": TargetDocuments.result(report),
        ]
    }

    /// The ApplicationSets whose own targets (no child Application) `caller` may all see.
    static func visibleApplicationSets(_ listing: TargetRoutes.Listing, to caller: ApiIdentity) -> Set<String> {
        var seen: [String: Bool] = [:]
        for state in listing.states where state.parent == nil {
            guard let name = state.applicationSet else { continue }
            let allowed = caller.canSee(project: listing.extras(of: state).project)
            seen[name] = (seen[name] ?? true) && allowed
        }
        return Set(seen.filter(\.value).keys)
    }

    /// One rollout as the API shows it. `revision` and `lastHealthyRevision` are null when its
    /// targets' commits differ; `revisions` and `lastHealthyRevisions` hold each target's by
    /// `app@cluster` (empty for a rollout recorded before per-target commits: the single one holds).
    static func document(_ rollout: RolloutRecord) -> JSONValue { .object(members(of: rollout)) }

    /// The members of `document(rollout)`.
    private static func members(of rollout: RolloutRecord) -> JSONObject {
        [
            "applicationSet": .string(rollout.applicationSet), "state": .string(rollout.state.rawValue),
            "step": .int(rollout.step + 1), "stepCount": .int(rollout.stepCount),
            "revision": rollout.revision.map(JSONValue.string) ?? .null,
            "revisions": .object(JSONObject(rollout.revisions.sorted { $0.key < $1.key }.map { ($0, .string($1)) })),
            "lastHealthyRevision": rollout.lastHealthyRevision.map(JSONValue.string) ?? .null,
            "lastHealthyRevisions": .object(
                JSONObject(rollout.lastHealthyRevisions.sorted { $0.key < $1.key }.map { ($0, .string($1)) })),
            "haltedTarget": rollout.haltedTarget.map(JSONValue.string) ?? .null,
            "haltReason": rollout.haltReason.map(JSONValue.string) ?? .null,
            "updatedAt": .string(rollout.updatedAt.formatted(.iso8601)),
            "pausedUntil": rollout.pausedUntil.map { .string($0.formatted(.iso8601)) } ?? .null,
        ]
    }
}
