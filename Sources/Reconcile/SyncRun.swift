import FleetModel
import KubeClient

/// The state of one sync attempt: what has been done so far, and the steps that do it.
struct SyncRun {
    let api: any KubeAPI
    let sleeper: any Sleeper
    let settings: SyncSettings
    private(set) var outcomes: [ObjectOutcome] = []
    /// The objects whose write the server refused (see `KubeError.refusesRequest`).
    private(set) var refusals: Set<ResourceKey> = []
    private(set) var objectHealth: [ResourceKey: HealthAssessment] = [:]
    /// The health of what the cluster answered to each write: the first look at an object's
    /// health (the answer itself is not kept: many targets syncing at once would hold them all).
    private var written: [ResourceKey: HealthAssessment] = [:]
    /// The objects Git has: the health of a failed sync is theirs (one never created is Missing).
    var desired: [ObjectChange] = []
    private static let poll = Duration.milliseconds(250)

    init(api: any KubeAPI, sleeper: any Sleeper, settings: SyncSettings) {
        self.api = api
        self.sleeper = sleeper
        self.settings = settings
    }

    mutating func record(_ key: ResourceKey, _ result: ObjectResult, _ message: String = "") {
        outcomes.append(ObjectOutcome(key: key, result: result, message: message))
    }

    func failed(_ message: String) -> SyncResult {
        // Each object as last seen: its health after a write, what the write answered, else
        // what the comparison read (nothing, for an object that was never created: Missing).
        let seen = desired.map { change in
            objectHealth[change.key] ?? written[change.key] ?? HealthAssessor.assess(change.live)
        }
        return SyncResult(
            outcomes: outcomes, succeeded: false, message: message,
            health: HealthAssessment.worst(seen.isEmpty ? Array(objectHealth.values) : seen),
            objectHealth: objectHealth, attempts: 1, refused: refusedOnly)
    }

    func finished(_ health: HealthAssessment) -> SyncResult {
        let failures = outcomes.filter { $0.result == .failed }
        return SyncResult(
            outcomes: outcomes, succeeded: failures.isEmpty,
            message: failures.isEmpty ? "" : "\(failures.count) object(s) failed to sync" + failureDetail,
            health: health, objectHealth: objectHealth, attempts: 1, refused: refusedOnly)
    }

    /// The end of a sync whose project forbids `changes`: the rest was applied and waited for
    /// (`health`), and the sync fails on what was refused (retrying cannot help).
    mutating func forbidden(_ changes: [ObjectChange], health: HealthAssessment) -> SyncResult {
        for change in changes {
            record(change.key, .failed, change.reason)
            refusals.insert(change.key)
        }
        let failures = outcomes.filter { $0.result == .failed }
        let first = changes.first.map { ": \($0.key): \($0.reason)" } ?? ""
        return SyncResult(
            outcomes: outcomes, succeeded: false,
            message: "\(changes.count) object(s) forbidden by the project, not written\(first)"
                + (failures.count > changes.count ? "; \(failures.count - changes.count) other(s) failed to sync" : ""),
            health: health, objectHealth: objectHealth, attempts: 1, refused: refusedOnly)
    }

    /// `: Deployment/prod/web: <the server's message>` for the first object that failed, so
    /// that the sync's own message says what to fix; empty when none did.
    var failureDetail: String {
        guard let first = outcomes.first(where: { $0.result == .failed }) else { return "" }
        return ": \(first.key): \(first.message)"
    }

    /// Whether every failure so far was the server refusing an object: trying again would
    /// fail the same way.
    private var refusedOnly: Bool {
        !refusals.isEmpty && refusals.count == outcomes.filter { $0.result == .failed }.count
    }

    /// `CreateNamespace=true`: the destination namespace, applied untracked (it outlives the Application).
    mutating func ensureNamespace(_ name: String) async -> Bool {
        let key = ResourceKey(group: "", kind: "Namespace", namespace: "", name: name)
        do {
            let type = try await api.resource(apiVersion: "v1", kind: "Namespace")
            if (try? await api.get(type, namespace: nil, name: name)) != nil { return true }
            _ = try await api.apply(
                ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]], as: type,
                options: ApplyOptions(fieldManager: Differ.fieldManager, force: true))
            record(key, .created, "CreateNamespace=true")
            return true
        } catch {
            record(key, .failed, error.description)
            return false
        }
    }

    /// Applies `changes` kind by kind in dependency order, objects of one kind at once.
    /// False when any failed.
    mutating func apply(_ changes: [ObjectChange]) async -> Bool {
        let ranks = Dictionary(grouping: changes) { Hooks.kindRank($0.key.kind) }
        var succeeded = true
        let run = self
        for rank in ranks.keys.sorted() {
            let group = (ranks[rank] ?? []).sorted { $0.key < $1.key }
            let results = await group.concurrentMap(limit: requestConcurrency) { await run.applyOne($0) }
            outcomes += results.map(\.outcome)
            for (change, result) in zip(group, results) {
                written[change.key] = result.object.map { HealthAssessor.assess($0) }
                if result.refused { refusals.insert(change.key) }
            }
            if results.contains(where: { $0.outcome.result == .failed }) { succeeded = false }
        }
        return succeeded
    }

    /// One object written, and the object as the cluster then had it.
    private func applyOne(_ change: ObjectChange) async -> (outcome: ObjectOutcome, object: JSONValue?, refused: Bool) {
        guard let desired = change.desired else {
            return (ObjectOutcome(key: change.key, result: .skipped), nil, false)
        }
        if change.action == .claimed {
            return (ObjectOutcome(key: change.key, result: .failed, message: change.reason), nil, true)
        }
        do {
            let type = try await resolvedType(change)
            let objectOptions = SyncOptions(annotationOf: desired)
            let replaces = settings.options.isTrue("Replace") || objectOptions.isTrue("Replace")
            if let live = change.live, replaces {
                let forces = settings.options.isTrue("Force") || objectOptions.isTrue("Force")
                let (outcome, object) = try await replace(change.key, desired, live: live, as: type, forcing: forces)
                return (outcome, object, false)
            }
            let object = try await api.apply(
                desired, as: type, options: ApplyOptions(fieldManager: Differ.fieldManager, force: true))
            return (
                ObjectOutcome(key: change.key, result: change.live == nil ? .created : .configured), object, false
            )
        } catch {
            return (
                ObjectOutcome(key: change.key, result: .failed, message: Self.message(error)), nil,
                error.refusesRequest
            )
        }
    }

    /// What a failed write says: the server's own words for a refusal (it names the object
    /// and the field), the cluster and a hint otherwise.
    static func message(_ error: KubeError) -> String {
        if error.refusesRequest { return error.message }
        var error = error
        if error.reason == .notFound, error.message.hasPrefix("namespaces \""), error.hint == nil {
            error.hint = "create the namespace in Git, or set syncPolicy.syncOptions: [CreateNamespace=true]"
        }
        return error.description
    }

    /// The change's type; for a kind whose CRD this sync created, waits until the cluster serves it.
    private func resolvedType(_ change: ObjectChange) async throws(KubeError) -> ResourceType {
        if let type = change.type { return type }
        let apiVersion = change.desired?["apiVersion"]?.stringValue ?? ""
        var lastError: KubeError?
        for _ in 0..<40 {
            do {
                return try await api.resource(apiVersion: apiVersion, kind: change.key.kind)
            } catch {
                lastError = error
                await sleeper.sleep(for: Self.poll)
            }
        }
        throw lastError ?? KubeError(.notFound, cluster: api.clusterName, message: "\(change.key.kind) is not served")
    }

    /// Deletes what Git no longer has, when pruning is on; says why not otherwise.
    mutating func prune(_ deletions: [ObjectChange]) async {
        for change in deletions {
            guard settings.prune else {
                record(change.key, .skipped, "no longer in Git; pruning is off (--prune or automated.prune)")
                continue
            }
            guard let type = change.type else { continue }
            do {
                try await api.deleteObject(change.key, as: type)
                record(change.key, .pruned)
            } catch {
                record(change.key, .failed, error.description)
            }
        }
    }

    /// Waits (bounded by the health timeout) until none of `changes` is progressing; the worst.
    /// The first look is the latest this sync knows — an earlier wave's wait, else the
    /// cluster's answer to this sync's write, else what the comparison saw for an object
    /// left alone; after that only objects still progressing are read again, quickly at
    /// first, then backing off to once a second.
    mutating func waitForHealth(_ changes: [ObjectChange]) async -> HealthAssessment {
        let clock = ContinuousClock()
        let deadline = clock.now + settings.healthTimeout
        var interval = Duration.milliseconds(50)
        var waiting = changes
        var firstLook = true
        while true {
            let run = self
            let look = firstLook
            let assessed = await waiting.concurrentMap(limit: requestConcurrency) { change in
                guard look else { return await run.health(of: change) }
                if let seen = run.objectHealth[change.key] { return seen }
                if let known = run.written[change.key] { return known }
                if change.action == .unchanged { return HealthAssessor.assess(change.live) }
                return await run.health(of: change)
            }
            objectHealth.merge(zip(waiting.map(\.key), assessed)) { $1 }
            firstLook = false
            waiting = waiting.filter { objectHealth[$0.key]?.status == .progressing }
            if waiting.isEmpty || clock.now >= deadline {
                return HealthAssessment.worst(changes.compactMap { objectHealth[$0.key] })
            }
            await sleeper.sleep(for: interval)
            interval = min(interval * 2, .seconds(1))
        }
    }

    private func health(of change: ObjectChange) async -> HealthAssessment {
        let key = change.key
        let type: ResourceType
        do {
            type = try await resolvedType(change)
        } catch {
            return HealthAssessment(.missing, error.description)
        }
        do {
            let namespace = key.namespace.isEmpty ? nil : key.namespace
            if let reads = settings.reads {
                return HealthAssessor.assess(try await reads.current(type, namespace: namespace, name: key.name))
            }
            return HealthAssessor.assess(try await api.get(type, namespace: namespace, name: key.name))
        } catch  where error.reason == .notFound {
            return HealthAssessor.assess(nil)
        } catch {
            return HealthAssessment(.unknown, error.description)
        }
    }
}
