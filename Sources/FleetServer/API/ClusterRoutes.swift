import FleetModel
import Hummingbird
import Registry
import Report

/// `/api/v1/clusters`: the registered clusters with how serve finds them (reachable, version,
/// latency, watches) and their targets.
enum ClusterRoutes {
    static func add(to api: RouterGroup<FleetRequestContext>, backend: any FleetBackend) {
        api.get("clusters") { _, context in
            let caller = try context.caller()
            let listing = try await TargetRoutes.Listing.read(backend)
            let liveness = await backend.liveness()
            let visible = listing.states.filter { caller.canSee(project: listing.extras(of: $0).project) }
            let items = try backend.clusters().map { cluster in
                document(cluster, liveness[cluster.name], targets: visible.filter { $0.cluster == cluster.name })
            }
            return JSONBody.response(["items": .array(items)])
        }
        api.get("clusters/:name") { _, context in
            let caller = try context.caller()
            let name = context.parameters.get("name")?.removingPercentEncoding ?? ""
            guard let cluster = try backend.clusters().first(where: { $0.name == name }) else {
                throw ApiError.notFound("no cluster \(name) is registered")
            }
            let listing = try await TargetRoutes.Listing.read(backend)
            let targets = listing.states.filter {
                $0.cluster == name && caller.canSee(project: listing.extras(of: $0).project)
            }
            let items = TargetDocuments.list(targets, extras: listing.extras(of:), cycle: nil)["items"] ?? .array([])
            return JSONBody.response([
                "cluster": document(cluster, await backend.liveness()[name], targets: targets), "targets": items,
            ])
        }
    }

    private static func document(
        _ cluster: ClusterSummary, _ live: ClusterLiveness?, targets: [TargetState]
    )
        -> JSONValue
    {
        let labels = JSONObject(cluster.labels.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
        let ready = targets.filter { TargetCell($0) == .healthy }.count
        let members: [(String, JSONValue)] = [
            ("name", .string(cluster.name)), ("server", .string(cluster.server)), ("labels", .object(labels)),
            ("reachable", live?.reachable.map(JSONValue.bool) ?? .null),
            ("version", live?.version.map(JSONValue.string) ?? .null),
            ("latencyMs", live?.latencyMilliseconds.map(JSONValue.int) ?? .null),
            ("watches", live?.watches.map { ["kinds": .int($0.kinds), "active": .int($0.active)] } ?? .null),
            ("targets", ["total": .int(targets.count), "ready": .int(ready)]),
        ]
        return .object(JSONObject(members))
    }
}
