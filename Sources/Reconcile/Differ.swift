import FleetModel
import KubeClient

/// How many requests one target keeps in flight to its cluster: a handful of connections
/// (each a TLS handshake) rather than one per object.
let requestConcurrency = 6

/// A desired object and its type, ready to compare.
private struct Prepared: Sendable {
    let object: JSONValue
    let type: ResourceType?
}

/// Compares Git with a cluster: each desired object against the live one through a
/// server-side apply dry run (so server defaults are never drift), and every object
/// tracked for the Application that Git no longer has.
public struct Differ: Sendable {
    /// The field manager of every apply.
    public static let fieldManager = "flotilla"
    /// Kinds never listed when looking for tracked objects: noisy, and never applied from Git.
    static let unlisted: Set<String> = ["Event", "Endpoints", "EndpointSlice", "Lease", "ReplicaSet", "Pod"]

    let api: any KubeAPI
    let application: String
    let destinationNamespace: String?
    let rules: [IgnoreRule]
    let tracked: TrackedObjects?
    let showsCreates: Bool
    let adoptsExisting: Bool

    /// A differ for `application` on the cluster `api` reaches; `tracked`, when given, is the
    /// cluster's tracked objects read beforehand (else they are listed for this Application).
    /// `showsCreates: false` (a comparison only a sync reads) skips the dry run and the diff
    /// text of objects that do not exist yet: they are created whatever the server would add.
    /// `adoptsExisting` (the Application's `AdoptExisting=true`) lets it take over objects
    /// that exist without any tracking id; another Application's objects are never taken.
    public init(
        api: any KubeAPI, application: String, destinationNamespace: String?, rules: [IgnoreRule] = [],
        tracked: TrackedObjects? = nil, showsCreates: Bool = true, adoptsExisting: Bool = false
    ) {
        self.adoptsExisting = adoptsExisting
        self.api = api
        self.application = application
        self.destinationNamespace = destinationNamespace
        self.rules = rules
        self.tracked = tracked
        self.showsCreates = showsCreates
    }

    /// Compares the rendered `manifests` with the cluster.
    public func compare(_ manifests: [Manifest], revision: String?) async throws(ReconcileError) -> Comparison {
        let definitions = Set(
            manifests.filter { $0.object["kind"]?.stringValue == "CustomResourceDefinition" }.compactMap {
                crd -> String? in
                guard let spec = crd.object["spec"], let group = spec["group"]?.stringValue,
                    let kind = spec["names"]?["kind"]?.stringValue
                else { return nil }
                return "\(group)/\(kind)"
            })
        var hooks: [JSONValue] = []
        var prepared: [(JSONValue, ResourceType?)] = []
        var seen = Set<ResourceKey>()
        for manifest in manifests {
            let (object, type) = try await prepare(manifest, definitions: definitions)
            if Hooks.phases(of: object) != nil {
                // Marked like any object, so that only this Application's hooks are ever replaced or deleted.
                hooks.append(object)
                continue
            }
            guard seen.insert(ResourceKey(object)).inserted else {
                throw ReconcileError("\(manifest.file): \(ResourceKey(object)) is defined more than once")
            }
            prepared.append((object, type))
        }
        let desiredKeys = seen
        // The objects labelled for this Application, read first: they are the live state of
        // what Flotilla applied before (no GET per object) and the candidates for pruning.
        let snapshot: TrackedObjects
        if let tracked {
            snapshot = tracked
        } else {
            snapshot = try await TrackedObjects.list(api, applications: [application])
        }
        let differ = self
        var changes = await prepared.map { Prepared(object: $0.0, type: $0.1) }.concurrentMap(
            limit: requestConcurrency
        ) { await differ.compare($0.object, $0.type, snapshot) }
        changes += extras(excluding: desiredKeys, snapshot)
        return Comparison(changes: changes.sorted { $0.key < $1.key }, hooks: hooks, revision: revision)
    }

    /// The object with its namespace settled (the destination's for namespaced kinds
    /// without one, none for cluster-scoped kinds) and tracking marks; its type when served.
    private func prepare(
        _ manifest: Manifest, definitions: Set<String>
    ) async throws(ReconcileError) -> (JSONValue, ResourceType?) {
        var object = manifest.object
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        let type: ResourceType?
        do {
            type = try await api.resource(apiVersion: apiVersion, kind: kind)
        } catch  where error.reason == .notFound {
            guard definitions.contains("\(GroupVersionKind(apiVersion: apiVersion, kind: kind).group)/\(kind)") else {
                throw ReconcileError(
                    "\(manifest.file): cluster \"\(api.clusterName)\" does not serve \(kind) in \(apiVersion)")
            }
            type = nil  // its CRD is applied first
        } catch {
            throw ReconcileError(error.description)
        }
        if type?.namespaced ?? true {
            if object["metadata"]?["namespace"]?.stringValue?.isEmpty ?? true {
                object = Self.setting(namespace: destinationNamespace ?? "default", in: object)
            }
        } else {
            object = Self.setting(namespace: nil, in: object)
        }
        if let problem = ObjectNames.problem(object) {
            throw ReconcileError("\(manifest.file): \(ResourceKey(object)): \(problem)")
        }
        return (Tracking.mark(object, application: application), type)
    }

    private static func setting(namespace: String?, in object: JSONValue) -> JSONValue {
        guard case .object(var members) = object else { return object }
        var metadata = members["metadata"]?.objectValue ?? JSONObject()
        metadata["namespace"] = namespace.map(JSONValue.string)
        members["metadata"] = .object(metadata)
        return .object(members)
    }

    private func compare(
        _ desired: JSONValue, _ type: ResourceType?, _ snapshot: TrackedObjects
    ) async
        -> ObjectChange
    {
        let key = ResourceKey(desired)
        guard let type else {
            return ObjectChange(
                key: key, action: .create, reason: "its CustomResourceDefinition is created by this sync",
                diff: render(live: nil, desired: desired, key), desired: desired)
        }
        let live: JSONValue?
        do {
            if let known = snapshot.object(application, key) {
                live = known
            } else if !key.namespace.isEmpty, snapshot.lacks(namespace: key.namespace) {
                live = nil  // its namespace does not exist yet (this sync creates it)
            } else {
                live = try await api.get(type, namespace: key.namespace.isEmpty ? nil : key.namespace, name: key.name)
            }
        } catch  where error.reason == .notFound {
            live = nil
        } catch {
            return ObjectChange(key: key, action: .unknown, reason: error.description, desired: desired, type: type)
        }
        if let live,
            let conflict = Ownership.conflict(
                live: live, desired: desired, application: application, adopts: adoptsExisting)
        {
            return ObjectChange(key: key, action: .claimed, reason: conflict, desired: desired, live: live, type: type)
        }
        if let live, Digest.provesUnchanged(desired: desired, live: live, rules: rules) {
            return ObjectChange(key: key, action: .unchanged, desired: desired, live: live, type: type)
        }
        if live == nil, !showsCreates {
            return ObjectChange(key: key, action: .create, desired: desired, type: type)
        }
        let predicted: JSONValue
        do {
            predicted = try await api.apply(
                desired, as: type, options: ApplyOptions(fieldManager: Self.fieldManager, force: true, dryRun: true))
        } catch  where live == nil && error.reason == .notFound {
            // Its namespace is missing (typically created by this sync): nothing to compare with yet.
            return ObjectChange(
                key: key, action: .create, diff: render(live: nil, desired: desired, key), desired: desired,
                type: type)
        } catch {
            // A refusal is Git's to fix and counts against sync; anything else leaves the state unknown.
            return ObjectChange(
                key: key, action: error.refusesRequest ? .refused : .unknown,
                reason: error.refusesRequest ? error.message : error.description, desired: desired, live: live,
                type: type)
        }
        guard let live else {
            return ObjectChange(
                key: key, action: .create, diff: render(live: nil, desired: predicted, key), desired: desired,
                type: type)
        }
        let before = Normalizer.normalized(live, rules: rules, owners: live)
        let after = Normalizer.normalized(predicted, rules: rules, owners: live)
        guard before != after else {
            return ObjectChange(key: key, action: .unchanged, desired: desired, live: live, type: type)
        }
        return ObjectChange(
            key: key, action: .update, diff: render(before, after, key), desired: desired, live: live, type: type)
    }

    private func render(live: JSONValue?, desired: JSONValue, _ key: ResourceKey) -> String {
        render(live, Normalizer.normalized(desired, rules: rules, owners: nil), key)
    }

    private func render(_ live: JSONValue?, _ desired: JSONValue?, _ key: ResourceKey) -> String {
        let (maskedLive, maskedDesired) = Normalizer.maskedSecrets(
            live.map(Normalizer.canonicallyOrdered), desired.map(Normalizer.canonicallyOrdered))
        return UnifiedDiff.render(
            old: maskedLive.map(YAMLWriter.document) ?? "", new: maskedDesired.map(YAMLWriter.document) ?? "",
            oldLabel: "live/\(key)", newLabel: "git/\(key)")
    }

    /// Objects labelled for this Application that Git does not have: ours (by the tracking
    /// annotation) are to delete; others carrying the label are reported and left alone.
    private func extras(excluding desired: Set<ResourceKey>, _ snapshot: TrackedObjects) -> [ObjectChange] {
        let found = snapshot.objects(of: application).map { ($0.type, $0.object) }
        var seen = Set<ResourceKey>()
        return found.compactMap { type, live -> ObjectChange? in
            let key = ResourceKey(live)
            // Hooks are run, not pruned: each sync replaces them as their delete policy says.
            guard !desired.contains(key), Hooks.phases(of: live) == nil, seen.insert(key).inserted else { return nil }
            guard Tracking.isOwned(live, by: application) else {
                let owner = Ownership.trackingID(of: live) ?? "none"
                return ObjectChange(
                    key: key, action: .skipped,
                    reason: "labelled \(Tracking.label)=\(application) but its tracking id is \(owner): not ours",
                    live: live, type: type)
            }
            let options = SyncOptions(annotationOf: live)
            if options.isFalse("Prune") || options.isFalse("Delete") {
                return ObjectChange(
                    key: key, action: .skipped, reason: "no longer in Git; kept by its Prune=false sync option",
                    live: live, type: type)
            }
            return ObjectChange(
                key: key, action: .delete, diff: render(Normalizer.normalized(live, rules: [], owners: nil), nil, key),
                live: live, type: type)
        }
    }
}
