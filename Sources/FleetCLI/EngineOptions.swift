import ArgumentParser
import Engine
import Foundation
import Reconcile
import Registry

/// How the engine reaches clusters and reads sources: shared by `diff`, `sync`, `status` and `serve`.
struct EngineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds each request to a cluster may take.", valueName: "seconds"))
    var requestTimeout = 30

    @Option(help: "Clusters worked on at once.")
    var concurrency = 32

    @Option(
        help: ArgumentHelp(
            "Requests a second to each cluster, on average (0: no limit on our side; the API server's priority and fairness answers 429 when busy, and we wait as it says).",
            valueName: "qps"))
    var qps = 0.0

    @Option(help: "With --qps: requests to each cluster that may go at once after a quiet spell.")
    var burst = 600

    @Option(
        help: ArgumentHelp(
            "A folder local sources (a path or file:// repoURL) may come from, besides the fleet files' own.",
            valueName: "folder"))
    var allowLocalSources: [String] = []

    @Option(help: ArgumentHelp("Bytes one render may unpack from a repository.", valueName: "bytes"))
    var maxRenderBytes = RenderLimits().maxBytes

    func validate() throws {
        if requestTimeout < 1 { throw ValidationError("--request-timeout must be at least 1 second") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if qps < 0 { throw ValidationError("--qps must not be negative") }
        if burst < 1 { throw ValidationError("--burst must be at least 1") }
        if maxRenderBytes < 1 { throw ValidationError("--max-render-bytes must be at least 1") }
    }

    /// An engine reaching `registry`'s clusters with these options, each target within `deadline`
    /// (its wait for health ending at half of it); `clients` keeps clients across runs.
    func engine(
        _ registry: Registry, deadline: Duration = .seconds(240), clients: ClientPool? = nil,
        observers: RequestObservers? = nil
    ) -> Engine {
        registry.engine(
            concurrency: concurrency, deadline: deadline, healthTimeout: deadline / 2,
            requestTimeout: .seconds(requestTimeout),
            rateLimit: qps > 0 ? (qps, burst) : nil,
            localSources: allowLocalSources.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
            limits: RenderLimits(maxBytes: maxRenderBytes), clients: clients, observers: observers)
    }
}
