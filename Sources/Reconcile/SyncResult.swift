import FleetModel

/// How a sync is to behave.
public struct SyncSettings: Sendable {
    /// Delete tracked objects Git no longer has.
    public var prune: Bool
    /// Allow pruning when the source renders nothing at all.
    public var allowEmpty: Bool
    /// The Application's `syncOptions` (`CreateNamespace=true`, `PruneLast=true`, …).
    public var options: SyncOptions
    /// Retries of a failed sync.
    public var retry: RetryPolicy?
    /// How long to wait for objects to become healthy after applying.
    public var healthTimeout: Duration
    /// How long a hook may run.
    public var hookTimeout: Duration
    /// Called when an attempt has applied its last wave and only waits for health (and
    /// PostSync hooks, PruneLast) remain; once per attempt.
    public var whenApplied: @Sendable () -> Void
    /// Where the waits for health read objects when many targets share a cluster (one list
    /// instead of a GET each); nil: a GET each.
    public var reads: ListedReads?

    /// Settings.
    public init(
        prune: Bool = false, allowEmpty: Bool = false, options: SyncOptions = SyncOptions([]),
        retry: RetryPolicy? = nil, healthTimeout: Duration = .seconds(120), hookTimeout: Duration = .seconds(300),
        whenApplied: @escaping @Sendable () -> Void = {}, reads: ListedReads? = nil
    ) {
        self.prune = prune
        self.allowEmpty = allowEmpty
        self.options = options
        self.retry = retry
        self.healthTimeout = healthTimeout
        self.hookTimeout = hookTimeout
        self.whenApplied = whenApplied
        self.reads = reads
    }
}

/// What a sync did to one object (or hook).
public struct ObjectOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The object.
    public var key: ResourceKey
    /// Created, configured, unchanged, pruned, skipped, failed, or a hook's result.
    public var result: ObjectResult
    /// Why, for skipped and failed objects.
    public var message: String

    /// An outcome.
    public init(key: ResourceKey, result: ObjectResult, message: String = "") {
        self.key = key
        self.result = result
        self.message = message
    }

    /// `Deployment/prod/web configured`, kubectl-style.
    public var description: String {
        "\(key) \(result)" + (message.isEmpty ? "" : " (\(message))")
    }
}

/// The end of a sync: what happened to each object, and the health it left behind.
public struct SyncResult: Sendable, Equatable {
    /// Per object and hook, in the order they were handled.
    public var outcomes: [ObjectOutcome]
    /// Whether every step succeeded.
    public var succeeded: Bool
    /// Why not, when it did not.
    public var message: String
    /// The Application's health: its worst object's.
    public var health: HealthAssessment
    /// Each object's health, by key.
    public var objectHealth: [ResourceKey: HealthAssessment]
    /// How many attempts it took (1 without retries).
    public var attempts: Int
    /// Whether it failed only because the server refused objects: not worth a retry.
    public var refused: Bool = false
}
