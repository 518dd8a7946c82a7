import FleetModel
import KubeClient

/// The objects of a cluster that carry the tracking label of some Applications, read once
/// per cluster (one list per kind) rather than once per Application.
public struct TrackedObjects: Sendable {
    private let byApplication: [String: [Tracked]]
    /// The same objects by Application and key, for the live-state lookups of a diff.
    private let byKey: [String: [ResourceKey: JSONValue]]
    /// The names of the cluster's namespaces, when they were listed.
    private let namespaces: Set<String>?

    struct Tracked: Sendable {
        let type: ResourceType
        let object: JSONValue
    }

    /// Lists every listable kind once, selecting objects labelled for any of `applications`.
    /// A kind that cannot be listed is left out, unless `complete` asks for all or an error
    /// (deleting an Application must not take a partial listing for all it owns).
    /// `namespaces` lists the cluster's namespaces too (one more request), so that a
    /// comparison knows without a GET that nothing exists yet in a namespace that does not.
    public static func list(
        _ api: any KubeAPI, applications: [String], complete: Bool = false, namespaces: Bool = false
    ) async throws(ReconcileError)
        -> TrackedObjects
    {
        let types: [ResourceType]
        do {
            types = try await api.resources(refresh: false).filter {
                $0.verbs.contains("list") && !Differ.unlisted.contains($0.kind)
            }
        } catch {
            throw ReconcileError(error.description)
        }
        let selector = ListOptions(
            labelSelector: applications.count == 1
                ? "\(Tracking.label)=\(applications[0])"
                : "\(Tracking.label) in (\(applications.sorted().joined(separator: ",")))")
        let listed = await types.concurrentMap(limit: requestConcurrency) { type in
            do throws(KubeError) {
                return Result<[Tracked], KubeError>.success(
                    try await api.list(type, namespace: nil, options: selector).items.map {
                        Tracked(type: type, object: $0)
                    })
            } catch {
                return .failure(error)
            }
        }
        if complete, case .failure(let error)? = listed.first(where: { (try? $0.get()) == nil }) {
            throw ReconcileError("cannot list every kind of object: \(error.description)")
        }
        var names: Set<String>?
        if namespaces, let type = types.first(where: { $0.group.isEmpty && $0.kind == "Namespace" }) {
            names = try? Set(
                await api.list(type, namespace: nil, options: ListOptions()).items.compactMap {
                    $0["metadata"]?["name"]?.stringValue
                })
        }
        let found = listed.compactMap { try? $0.get() }.joined()
        let byApplication = Dictionary(grouping: found) {
            $0.object["metadata"]?["labels"]?[Tracking.label]?.stringValue ?? ""
        }
        return TrackedObjects(
            byApplication: byApplication,
            byKey: byApplication.mapValues { objects in
                Dictionary(objects.map { (ResourceKey($0.object), $0.object) }) { first, _ in first }
            }, namespaces: names)
    }

    /// Whether `namespace` is known not to exist (so nothing in it does): false when the
    /// namespaces were not listed.
    func lacks(namespace: String) -> Bool {
        namespaces.map { !$0.contains(namespace) } ?? false
    }

    /// The object `key` if it is labelled for `application`.
    func object(_ application: String, _ key: ResourceKey) -> JSONValue? {
        byKey[application]?[key]
    }

    /// The objects labelled for `application`.
    func objects(of application: String) -> [Tracked] {
        byApplication[application] ?? []
    }
}
