import Foundation

/// How a sandbox cluster behaves.
public struct SandboxOptions: Sendable {
    /// How long a simulated rollout takes before a workload reports its replicas ready.
    public var rolloutDelay: Duration
    /// How long a rollout whose image never becomes ready waits before `ProgressDeadlineExceeded`.
    public var progressDeadline: Duration
    /// The Kubernetes version `/version` reports.
    public var gitVersion: String
    /// How many recent changes the cluster keeps for watches to replay; a watch from an
    /// older `resourceVersion` is answered with a `410 Expired` ERROR event, as a real API
    /// server answers once its watch cache (or etcd's compaction) has moved on.
    public var watchHistory: Int
    /// How often an open watch that allows bookmarks gets a BOOKMARK (a real server: about
    /// every minute); one is also sent just before the server ends a watch.
    public var bookmarkInterval: Duration
    /// How long a watch without `timeoutSeconds` stays open: a random time between this and
    /// twice this, as kube-apiserver does with `--min-request-timeout` (1800 s).
    public var watchTimeout: Duration
    /// How long a deleted Namespace (or CRD) stays Terminating before its contents and it go:
    /// a real namespace controller takes seconds, so `kubectl delete -f` of a namespace and
    /// its objects still finds the objects.
    public var namespaceCleanupDelay: Duration

    /// Options with short, test-friendly delays by default.
    public init(
        rolloutDelay: Duration = .milliseconds(300), progressDeadline: Duration = .seconds(2),
        gitVersion: String = "v1.36.0", watchHistory: Int = 10_000, bookmarkInterval: Duration = .seconds(60),
        watchTimeout: Duration = .seconds(1800), namespaceCleanupDelay: Duration = .seconds(2)
    ) {
        self.namespaceCleanupDelay = namespaceCleanupDelay
        self.rolloutDelay = rolloutDelay
        self.progressDeadline = progressDeadline
        self.gitVersion = gitVersion
        self.watchHistory = watchHistory
        self.bookmarkInterval = bookmarkInterval
        self.watchTimeout = watchTimeout
    }
}

/// Faults injected on demand into one cluster's answers.
public struct SandboxFaults: Sendable, Equatable, Codable {
    /// Added to every answer.
    public var latencyMilliseconds: Int = 0
    /// Fraction (0…1) of requests answered with `errorStatus`.
    public var errorRate: Double = 0
    /// The status of those answers: 500, 503, 403, or 429 (with `Retry-After: retryAfterSeconds`).
    public var errorStatus: Int = 503
    /// The `Retry-After` of 429 answers.
    public var retryAfterSeconds: Int = 1
    /// Fraction (0…1) of requests whose connection breaks mid-answer (head and half the body sent).
    public var dropRate: Double = 0
    /// Accept connections and never answer.
    public var hang: Bool = false
    /// Refuse connections: the cluster is down. Open watches are cut too.
    public var down: Bool = false
    /// Cut every open watch (the connection closes mid-stream, as when a load balancer or
    /// an API server restart drops it), and each new one right after its answer's head,
    /// while set. Other requests are answered.
    public var dropWatches: Bool = false

    /// No faults.
    public init() {}

    /// Fields left out of a `PUT /sandbox/faults` body keep their no-fault values, so
    /// `{"hang": true}` is enough.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let none = SandboxFaults()
        latencyMilliseconds =
            try container.decodeIfPresent(Int.self, forKey: .latencyMilliseconds) ?? none.latencyMilliseconds
        errorRate = try container.decodeIfPresent(Double.self, forKey: .errorRate) ?? none.errorRate
        errorStatus = try container.decodeIfPresent(Int.self, forKey: .errorStatus) ?? none.errorStatus
        retryAfterSeconds =
            try container.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? none.retryAfterSeconds
        dropRate = try container.decodeIfPresent(Double.self, forKey: .dropRate) ?? none.dropRate
        hang = try container.decodeIfPresent(Bool.self, forKey: .hang) ?? none.hang
        down = try container.decodeIfPresent(Bool.self, forKey: .down) ?? none.down
        dropWatches = try container.decodeIfPresent(Bool.self, forKey: .dropWatches) ?? none.dropWatches
    }
}

/// Counters a test or benchmark reads back.
public struct SandboxStatistics: Sendable, Equatable {
    /// Requests by HTTP method.
    public var requestsByMethod: [String: Int] = [:]
    /// Writes that reached storage (not dry runs).
    public var writes = 0
    /// Requests being answered right now, including those held by injected latency.
    public var inFlight = 0
    /// The most requests ever in flight at once.
    public var maxInFlight = 0
    /// TLS connections set up (handshake and ALPN done), whatever the protocol.
    public var connections = 0
    /// Of `connections`, those that negotiated HTTP/2 and so multiplex their requests.
    public var http2Connections = 0

    /// Requests that would change state: POST, PUT, PATCH and DELETE without dry run.
    public private(set) var writeRequests = 0
    /// `METHOD path` of the latest such requests (up to 10,000), oldest first: the order
    /// in which a client changed the cluster.
    public var writeLog: [String] { Array(recentWrites.suffix(Self.logLength)) }
    private var recentWrites: [String] = []
    private static let logLength = 10_000

    mutating func record(_ request: APIRequest) {
        requestsByMethod[request.method, default: 0] += 1
        guard ["POST", "PUT", "PATCH", "DELETE"].contains(request.method), !request.isDryRun else { return }
        writeRequests += 1
        recentWrites.append("\(request.method) \(request.path)")
        // Trimmed in batches, so that recording stays O(1) however long the sandbox runs.
        if recentWrites.count >= 2 * Self.logLength { recentWrites.removeFirst(Self.logLength) }
    }
}

/// The sandbox's notion of now, in Kubernetes' timestamp format.
struct SandboxClock: Sendable {
    /// `2026-01-02T03:04:05Z`: one shared, `Sendable` format, not a formatter per write.
    static let format = Date.ISO8601FormatStyle()

    func now() -> Date { Date() }

    static func timestamp(_ date: Date) -> String {
        date.formatted(format)
    }

    static func date(_ timestamp: String) -> Date? {
        try? format.parse(timestamp)
    }
}

extension SandboxFaults {
    /// Connections refused: the cluster is down.
    public static var down: SandboxFaults {
        var faults = SandboxFaults()
        faults.down = true
        return faults
    }

    /// Open watches cut, and new ones cut as soon as they start.
    public static var droppingWatches: SandboxFaults {
        var faults = SandboxFaults()
        faults.dropWatches = true
        return faults
    }

    /// Connections accepted and never answered.
    public static var hanging: SandboxFaults {
        var faults = SandboxFaults()
        faults.hang = true
        return faults
    }

    /// A fraction (0…1) of requests answered with `status`.
    public static func failing(_ rate: Double, status: Int = 503) -> SandboxFaults {
        var faults = SandboxFaults()
        faults.errorRate = rate
        faults.errorStatus = status
        return faults
    }
}
