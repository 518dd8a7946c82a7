import FleetModel
import KubeClient
import Synchronization

/// The watches of every cluster the controller reconciles, with one stream of their
/// changes: what `serve` holds, so that it only says which kinds each cluster's targets
/// use and reads `changes`.
public final class FleetWatches: Sendable {
    /// Every cluster's changes, in the order each cluster's watches report them. Unbounded:
    /// a change is small, and one dropped could be the only sign of a target's drift.
    public let changes: AsyncStream<TrackedChange>
    private let continuation: AsyncStream<TrackedChange>.Continuation
    private let options: WatchOptions
    private let clock: any Clock<Duration>
    private let watches = Mutex<[String: ClusterWatch]>([:])

    /// No watches yet; each cluster's will use `options` and `clock`.
    public init(options: WatchOptions = WatchOptions(), clock: any Clock<Duration> = ContinuousClock()) {
        (changes, continuation) = AsyncStream<TrackedChange>.makeStream()
        self.options = options
        self.clock = clock
    }

    deinit {
        stop()
    }

    /// Watches the cluster `api` reaches for objects of `kinds` (the `apiVersion` and `kind`
    /// of its targets' desired objects), starting its watch the first time; later calls
    /// change the watched types (a type no kind needs any more stops). Returns the types and
    /// the kinds skipped. A cluster whose client changed (new URL or credentials) is
    /// `remove`d first, so that the new client is used.
    @discardableResult
    public func update(_ api: any KubeAPI, kinds: some Sequence<GroupVersionKind>) async -> WatchedTypes {
        let continuation = self.continuation
        let watch = watches.withLock { watches in
            if let existing = watches[api.clusterName] { return existing }
            let created = ClusterWatch(api: api, options: options, clock: clock) { continuation.yield($0) }
            watches[api.clusterName] = created
            return created
        }
        let resolved = await ClusterWatch.resourceTypes(for: kinds, on: api)
        watch.watch(resolved.types)
        return resolved
    }

    /// Stops watching `cluster` (removed from the registry, or its client changed).
    public func remove(_ cluster: String) {
        watches.withLock { $0.removeValue(forKey: cluster) }?.stop()
    }

    /// Stops watching every cluster not in `clusters`.
    public func retain(_ clusters: Set<String>) {
        let gone = watches.withLock { watches in
            let names = watches.keys.filter { !clusters.contains($0) }
            return names.compactMap { watches.removeValue(forKey: $0) }
        }
        for watch in gone { watch.stop() }
    }

    /// The watch of `cluster`, if it is watched.
    public func watch(of cluster: String) -> ClusterWatch? {
        watches.withLock { $0[cluster] }
    }

    /// Each watched cluster's status, by cluster name.
    public var statuses: [ClusterWatchStatus] {
        watches.withLock { Array($0.values) }.map(\.status).sorted { $0.cluster < $1.cluster }
    }

    /// How many watches are open across the fleet (the `flotilla_watches` gauge).
    public var openWatches: Int {
        statuses.reduce(0) { $0 + $1.openWatches }
    }

    /// Stops every watch and ends `changes`.
    public func stop() {
        let all = watches.withLock { watches in
            defer { watches = [:] }
            return Array(watches.values)
        }
        for watch in all { watch.stop() }
        continuation.finish()
    }
}
