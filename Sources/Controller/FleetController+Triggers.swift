import Engine

/// What starts a run besides the cycle: a push from a Git host, a watched change (debounced,
/// healed with backoff), or a check queued for later.
extension FleetController {
    /// Starts a cycle now instead of at the end of the interval (the fleet repository changed).
    public func refreshNow() {
        sleeper?.cancel()
    }

    /// A Git host said a repository changed: `matches(repoURL, targetRevision)` says whether a
    /// source is one it moved. The fleet is re-read now when its own repository, or one its git
    /// generators read, is among them; targets with a matching source are reconciled now.
    public func refresh(where matches: @Sendable (_ repoURL: String, _ revision: String) -> Bool) {
        if case .repository(let url, let revision, _) = source, matches(url, revision) { refreshNow() }
        if pipeline?.resolution.generatorRepositories.contains(where: { matches($0.repoURL, $0.revision) }) == true {
            refreshNow()
        }
        let affected = targets.values.filter { target in
            target.application.sources.contains { matches($0.repoURL, $0.targetRevision) }
        }
        if !affected.isEmpty { submit(.run(affected.sorted { $0.id < $1.id }, .webhook)) }
    }

    /// A watch saw `application`'s object on `cluster` change (or go): a `selfHeal` target is
    /// compared and synced after the debounce (and the backoff of undone heals), others only
    /// compared — they turn OutOfSync at once and are left alone. Checks due at the same time
    /// run together (one run: each cluster probed and listed once).
    public func observed(application: String, cluster: String) {
        let id = "\(application)@\(cluster)"
        // Our own writes come back as changes too: the check they cause finds nothing to do
        // (one comparison), while a real change during a run is never lost.
        guard let target = targets[id], scheduled[id] == nil else { return }
        let heals = target.application.syncPolicy?.automated?.selfHeal == true
        let trigger: ReconcileTrigger = heals ? .heal : .drift
        scheduled[id] = trigger
        let backoff = heals ? self.heals.delay(for: id, now: stopwatch.elapsed(), backoff: settings.healBackoff) : .zero
        if backoff > .zero {
            submit(.later([id], trigger, settings.debounce + backoff))
            return
        }
        queueCheck(id, trigger: trigger)
    }

    /// Queues `id` (already marked `scheduled`) with the checks of `trigger` due after the debounce.
    func queueCheck(_ id: String, trigger: ReconcileTrigger) {
        let first = pending[trigger, default: []].isEmpty
        pending[trigger, default: []].append(id)
        if first { submit(.later([], trigger, settings.debounce)) }
    }

    func submit(_ job: Job) {
        guard !stopping else { return }
        work?.yield(job)
    }

    /// Runs `ids` (with none: the checks pending for `trigger`) after `delay`.
    func runLater(_ ids: [String], trigger: ReconcileTrigger, after delay: Duration) async {
        try? await clock.sleep(for: delay)
        let due = ids.isEmpty ? pending.removeValue(forKey: trigger) ?? [] : ids
        for id in due { scheduled[id] = nil }
        guard !stopping, !Task.isCancelled else { return }
        let targets = due.compactMap { self.targets[$0] }
        if !targets.isEmpty { await reconcile(targets, trigger: trigger) }
    }
}
