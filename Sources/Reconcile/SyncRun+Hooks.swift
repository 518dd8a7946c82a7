import FleetModel
import KubeClient

extension SyncRun {
    /// Runs the hooks of `phase` among `hooks`, by wave then name, each to completion.
    /// False as soon as one fails (the rest of the phase is not run).
    mutating func hooks(_ phase: HookPhase, _ hooks: [JSONValue]) async -> Bool {
        let selected = hooks.filter { Hooks.phases(of: $0)?.contains(phase) == true }.sorted {
            (Hooks.wave(of: $0), ResourceKey($0)) < (Hooks.wave(of: $1), ResourceKey($1))
        }
        for hook in selected {
            let key = ResourceKey(hook)
            let (succeeded, message) = await run(hook)
            record(key, .hook(phase, succeeded: succeeded), message)
            if !succeeded { return false }
        }
        return true
    }

    /// Creates one hook (replacing a previous run, per `BeforeHookCreation`), waits for it to
    /// finish — Jobs and Pods run to completion, other kinds are done once created — and
    /// deletes it as its delete policy says.
    private func run(_ hook: JSONValue) async -> (Bool, String) {
        let key = ResourceKey(hook)
        let namespace = key.namespace.isEmpty ? nil : key.namespace
        let policies = Hooks.deletePolicies(of: hook)
        let type: ResourceType
        do {
            type = try await api.resource(apiVersion: hook["apiVersion"]?.stringValue ?? "", kind: key.kind)
            if let conflict = try await ownershipConflict(hook, type, namespace) {
                return (false, "\(key) \(conflict)")
            }
            if policies.contains("BeforeHookCreation") { try await deleteAndWait(type, namespace, key.name) }
            _ = try await api.apply(
                hook, as: type, options: ApplyOptions(fieldManager: Differ.fieldManager, force: true))
        } catch {
            return (false, error.description)
        }
        let outcome = await completion(type, namespace, key)
        let succeeded = outcome.status == .healthy
        if policies.contains(succeeded ? "HookSucceeded" : "HookFailed") {
            try? await api.delete(type, namespace: namespace, name: key.name, propagation: .background, dryRun: false)
        }
        return (succeeded, succeeded ? "" : outcome.message)
    }

    /// Why an object of the hook's name that exists already is not this hook's to replace
    /// (another Application's, or nobody's: a hook never deletes or takes over it).
    private func ownershipConflict(
        _ hook: JSONValue, _ type: ResourceType, _ namespace: String?
    ) async throws(KubeError) -> String? {
        let live: JSONValue
        do {
            live = try await api.get(type, namespace: namespace, name: ResourceKey(hook).name)
        } catch  where error.reason == .notFound {
            return nil
        }
        guard Ownership.trackingID(of: live) != Ownership.trackingID(of: hook) else { return nil }
        return Ownership.conflict(live: live, desired: hook, application: "", adopts: false)
            ?? "exists and is not this hook"
    }

    private func completion(_ type: ResourceType, _ namespace: String?, _ key: ResourceKey) async -> HealthAssessment {
        guard ["Job", "Pod"].contains(key.kind) else { return HealthAssessment(.healthy) }
        let clock = ContinuousClock()
        let deadline = clock.now + settings.hookTimeout
        while clock.now < deadline {
            let live = try? await api.get(type, namespace: namespace, name: key.name)
            let health = HealthAssessor.assess(live)
            if health.status == .healthy || health.status == .degraded { return health }
            await sleeper.sleep(for: .milliseconds(250))
        }
        return HealthAssessment(.degraded, "the hook did not finish within \(settings.hookTimeout)")
    }

    private func deleteAndWait(_ type: ResourceType, _ namespace: String?, _ name: String) async throws(KubeError) {
        do {
            try await api.delete(type, namespace: namespace, name: name, propagation: .background, dryRun: false)
        } catch  where error.reason == .notFound {
            return
        }
        for _ in 0..<40 {
            do {
                _ = try await api.get(type, namespace: namespace, name: name)
            } catch  where error.reason == .notFound {
                return
            }
            await sleeper.sleep(for: .milliseconds(250))
        }
    }
}
