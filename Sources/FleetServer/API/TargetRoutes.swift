import Controller
import Engine
import FleetModel
import Hummingbird
import Registry

/// `/api/v1/targets`: the fleet's targets, one target with its objects and history, its live
/// diff, and the actions Sync, Refresh and Rollback (operators and admins).
enum TargetRoutes {
    static func add(to api: RouterGroup<FleetRequestContext>, backend: any FleetBackend) {
        api.get("targets") { request, context in
            let caller = try context.caller()
            let query = request.uri.queryParameters
            let listing = try await Listing.read(backend)
            let selector = try query["selector"].map { try Self.selector(String($0)) }
            let clusters = try backend.clusters()
            let selected = Set(clusters.filter { selector?.matches($0.labels) ?? true }.map(\.name))
            let app = query["app"].map(String.init)
            let cluster = query["cluster"].map(String.init)
            let everyProject = caller.projects.isEmpty
            let states = listing.states.filter { state in
                selected.contains(state.cluster) && (app.map { $0 == state.application } ?? true)
                    && (cluster.map { $0 == state.cluster } ?? true)
                    && (everyProject || caller.canSee(project: listing.extras(of: state).project))
            }
            return JSONBody.response(
                TargetDocuments.list(states, extras: listing.extras(of:), cycle: try backend.lastCycle()))
        }
        api.get("targets/:application/:cluster") { _, context in
            let (listing, state) = try await visibleTarget(context, backend)
            let id = "\(state.application)@\(state.cluster)"
            let objects = backend.objects(of: id)?.map(TargetDocuments.object) ?? []
            let history = try backend.history(of: state.application, cluster: state.cluster).map(TargetDocuments.entry)
            return JSONBody.response([
                "target": TargetDocuments.item(state, extras: listing.extras(of: state)), "objects": .array(objects),
                "history": .array(history),
            ])
        }
        api.get("targets/:application/:cluster/history") { _, context in
            let (_, state) = try await visibleTarget(context, backend)
            let history = try backend.history(of: state.application, cluster: state.cluster).map(TargetDocuments.entry)
            return JSONBody.response(["items": .array(history)])
        }
        api.get("targets/:application/:cluster/diff") { _, context in
            let (application, cluster) = try await visibleTargetName(context, backend)
            let outcome = try await perform(.compare, application, cluster, by: try context.caller(), backend)
            return JSONBody.response([
                "revision": outcome.report.comparison?.revision.map(JSONValue.string) ?? .null,
                "syncStatus": .string(outcome.report.syncStatus.rawValue),
                "message": .string(outcome.report.message), "changes": TargetDocuments.changes(outcome.report),
            ])
        }
        api.post("targets/:application/:cluster/sync") { request, context in
            let caller = try context.caller(atLeast: .operator)
            let body = try await JSONBody.object(of: request)
            let prune = try flag("prune", in: body)
            let dryRun = try flag("dryRun", in: body)
            let (application, cluster) = try await visibleTargetName(context, backend)
            let outcome = try await perform(
                .sync(prune: prune, dryRun: dryRun), application, cluster, by: caller, backend)
            if dryRun { return JSONBody.response(["changes": TargetDocuments.changes(outcome.report)]) }
            return try await actionResponse(outcome, application, cluster, backend)
        }
        api.post("targets/:application/:cluster/refresh") { _, context in
            _ = try context.caller(atLeast: .operator)
            let (application, cluster) = try await visibleTargetName(context, backend)
            guard await backend.refresh(application: application, cluster: cluster) else {
                throw ApiError.notFound("the fleet has no Application \(application) on cluster \(cluster)")
            }
            return JSONBody.response(["accepted": true], status: .accepted)
        }
        api.post("targets/:application/:cluster/rollback") { request, context in
            let caller = try context.caller(atLeast: .operator)
            let body = try await JSONBody.object(of: request)
            guard let id = body["id"]?.intValue else {
                throw ApiError.badRequest("give the history entry to roll back to: {\"id\": N}")
            }
            let prune = try flag("prune", in: body)
            let (application, cluster) = try await visibleTargetName(context, backend)
            let outcome = try await perform(
                .rollback(historyID: Int64(id), prune: prune), application, cluster, by: caller, backend)
            return try await actionResponse(outcome, application, cluster, backend)
        }
    }

    /// The recorded targets and what serve knows of them.
    struct Listing {
        var states: [TargetState]
        var fleet: [String: FleetTarget]
        var running: Set<String>
        var holds: [String: SyncHold]

        /// Every recorded target, or only `application` on `cluster` (one row read, not all).
        static func read(
            _ backend: any FleetBackend, only target: (application: String, cluster: String)? = nil
        )
            async throws -> Listing
        {
            let (targets, running) = await backend.fleet()
            let states =
                try target.map { try backend.recordedTarget($0.application, on: $0.cluster).map { [$0] } ?? [] }
                ?? backend.recordedTargets()
            return Listing(
                states: states, fleet: Dictionary(targets.map { ($0.id, $0) }) { first, _ in first }, running: running,
                holds: Dictionary(try backend.holds().map { ($0.targetID, $0) }) { first, _ in first })
        }

        func extras(of state: TargetState) -> TargetDocuments.Extras {
            let id = "\(state.application)@\(state.cluster)"
            let target = fleet[id]
            return TargetDocuments.Extras(
                project: target?.application.project, automated: target?.application.syncPolicy?.automated != nil,
                running: running.contains(id), hold: holds[id])
        }
    }

    /// The target named by the path, when the caller may see it; 404 otherwise (a target of
    /// another project is not known to exist).
    private static func visibleTarget(
        _ context: FleetRequestContext, _ backend: any FleetBackend
    ) async throws -> (Listing, TargetState) {
        let caller = try context.caller()
        let (application, cluster) = try names(context)
        let listing = try await Listing.read(backend, only: (application, cluster))
        guard let state = listing.states.first,
            caller.canSee(project: listing.extras(of: state).project)
        else { throw ApiError.notFound("no target \(application) on cluster \(cluster) is recorded") }
        return (listing, state)
    }

    /// The fleet's target named by the path, when the caller may see it; 404 otherwise.
    private static func visibleTargetName(
        _ context: FleetRequestContext, _ backend: any FleetBackend
    ) async throws -> (String, String) {
        let caller = try context.caller()
        let (application, cluster) = try names(context)
        let target = await backend.fleet().targets.first { $0.id == "\(application)@\(cluster)" }
        guard let target, caller.canSee(project: target.application.project) else {
            throw ApiError.notFound("the fleet has no Application \(application) on cluster \(cluster)")
        }
        return (application, cluster)
    }

    private static func names(_ context: FleetRequestContext) throws -> (String, String) {
        guard let application = context.parameters.get("application")?.removingPercentEncoding,
            let cluster = context.parameters.get("cluster")?.removingPercentEncoding
        else { throw ApiError.badRequest("the path must be /api/v1/targets/{application}/{cluster}") }
        return (application, cluster)
    }

    private static func perform(
        _ action: TargetAction, _ application: String, _ cluster: String, by caller: ApiIdentity,
        _ backend: any FleetBackend
    ) async throws -> TargetActionOutcome {
        do {
            return try await backend.perform(
                action, application: application, cluster: cluster, by: .token(caller.name))
        } catch {
            throw ApiError(status(of: error), error.description)
        }
    }

    private static func status(of error: TargetActionError) -> HTTPResponse.Status {
        switch error {
        case .notReady, .stopping: .serviceUnavailable
        case .unknownTarget: .notFound
        case .busy: .conflict
        case .rollbackRefused(.unknownEntry): .notFound
        case .rollbackRefused(.noRevision): .badRequest
        case .notHeld: .internalServerError
        }
    }

    private static func actionResponse(
        _ outcome: TargetActionOutcome, _ application: String, _ cluster: String, _ backend: any FleetBackend
    ) async throws -> Response {
        let listing = try await Listing.read(backend, only: (application, cluster))
        var document = JSONObject([("result", TargetDocuments.result(outcome.report))])
        if let state = listing.states.first {
            document["target"] = TargetDocuments.item(state, extras: listing.extras(of: state))
        }
        if let revision = outcome.rolledBackTo {
            document["revision"] = .string(revision)
            document["held"] = .bool(outcome.held)
        }
        return JSONBody.response(.object(document))
    }

    private static func flag(_ name: String, in body: JSONObject) throws -> Bool {
        guard let value = body[name], !value.isNull else { return false }
        guard let flag = value.boolValue else { throw ApiError.badRequest("\"\(name)\" must be true or false") }
        return flag
    }

    private static func selector(_ text: String) throws -> LabelSelector {
        do {
            return try LabelSelector(parsing: text)
        } catch {
            throw ApiError.badRequest("selector \(text): \(error)")
        }
    }
}
