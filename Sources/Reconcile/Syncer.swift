import FleetModel
import KubeClient

/// Makes a cluster match a comparison: hooks and waves in order, server-side apply with
/// field manager `flotilla` and force, pruning only what the Application owns, then waits
/// (bounded) for health.
public struct Syncer: Sendable {
    let api: any KubeAPI
    let destinationNamespace: String?
    let sleeper: any Sleeper

    /// A syncer for the cluster `api` reaches.
    public init(api: any KubeAPI, destinationNamespace: String?, sleeper: any Sleeper = ContinuousSleeper()) {
        self.api = api
        self.destinationNamespace = destinationNamespace
        self.sleeper = sleeper
    }

    /// Syncs, retrying a failed attempt as `settings.retry` allows.
    public func sync(_ comparison: Comparison, settings: SyncSettings) async -> SyncResult {
        var attempt = 1
        while true {
            var result = await attemptSync(comparison, settings)
            result.attempts = attempt
            guard !result.succeeded, !result.refused, let retry = settings.retry, attempt <= retry.limit else {
                return result
            }
            await sleeper.sleep(for: retry.delay(before: attempt))
            attempt += 1
        }
    }

    private func attemptSync(_ comparison: Comparison, _ settings: SyncSettings) async -> SyncResult {
        var run = SyncRun(api: api, sleeper: sleeper, settings: settings)
        guard comparison.unknown.isEmpty else {
            // Writing blind what could not be compared is no sync: nothing is written.
            for change in comparison.unknown { run.record(change.key, .failed, change.reason) }
            return run.failed("cannot sync what could not be compared: \(comparison.problems)")
        }
        // What the project forbids is never written; the sync fails on it once the rest is applied.
        let forbidden = comparison.forbidden
        let desired = comparison.changes.filter { $0.desired != nil && $0.action != .forbidden }
        run.desired = desired
        let deletions = comparison.changes.filter { $0.action == .delete }
        if settings.prune, !settings.allowEmpty, desired.isEmpty, !deletions.isEmpty {
            return run.failed(
                "refusing to prune every object: the source rendered nothing (set syncPolicy.automated.allowEmpty)")
        }
        if settings.options.isTrue("CreateNamespace"), let namespace = destinationNamespace {
            guard await run.ensureNamespace(namespace) else {
                return run.failed("cannot create namespace \(namespace)")
            }
        }
        guard await run.hooks(.preSync, comparison.hooks) else {
            _ = await run.hooks(.syncFail, comparison.hooks)
            return run.failed("a PreSync hook failed")
        }
        for change in comparison.changes where change.action == .unchanged {
            run.record(change.key, .unchanged)
        }
        for change in comparison.changes where change.action == .skipped {
            run.record(change.key, .skipped, change.reason)
        }
        // Refused objects are applied in their turn too: the server's answer fails the sync
        // there, in Argo CD's order, unless a sync option (Replace, Force) gets past it.
        let toApply = desired.filter { [.create, .update, .refused, .claimed].contains($0.action) }
        // Namespaces and CRDs first, whatever their wave, so that what lives in them can follow.
        let foundations = toApply.filter { ["Namespace", "CustomResourceDefinition"].contains($0.key.kind) }
        let rest = toApply.filter { !["Namespace", "CustomResourceDefinition"].contains($0.key.kind) }
        guard await run.apply(foundations) else {
            _ = await run.hooks(.syncFail, comparison.hooks)
            return run.failed("applying namespaces and CRDs failed" + run.failureDetail)
        }
        let syncHooks = comparison.hooks.filter { Hooks.phases(of: $0)?.contains(.sync) == true }
        let waves = Set(rest.compactMap { $0.desired.map(Hooks.wave) } + syncHooks.map(Hooks.wave)).sorted()
        for (index, wave) in waves.enumerated() {
            let members = rest.filter { $0.desired.map(Hooks.wave) == wave }
            guard await run.apply(members), await run.hooks(.sync, syncHooks.filter { Hooks.wave(of: $0) == wave })
            else {
                _ = await run.hooks(.syncFail, comparison.hooks)
                return run.failed("sync wave \(wave) failed" + run.failureDetail)
            }
            if index < waves.count - 1 { _ = await run.waitForHealth(members) }
        }
        let pruneLast = settings.options.isTrue("PruneLast")
        if !pruneLast { await run.prune(deletions) }
        settings.whenApplied()
        let health = await run.waitForHealth(desired)
        if health.status == .healthy {
            guard await run.hooks(.postSync, comparison.hooks) else {
                _ = await run.hooks(.syncFail, comparison.hooks)
                return run.failed("a PostSync hook failed")
            }
        }
        if pruneLast { await run.prune(deletions) }
        guard forbidden.isEmpty else { return run.forbidden(forbidden, health: health) }
        return run.finished(health)
    }
}
