import Controller
import Hummingbird
import Prometheus

/// `GET /metrics`: the registry in Prometheus's text exposition format.
public enum MetricsRoute {
    /// The path Prometheus scrapes.
    public static let path = "/metrics"
    /// The text exposition format's content type.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Adds `GET /metrics`, rendering `registry` at each scrape, after `beforeScrape` (which
    /// brings gauges of live state up to date).
    public static func add<Context: RequestContext>(
        to router: some RouterMethods<Context>, registry: PrometheusCollectorRegistry,
        beforeScrape: @escaping @Sendable () -> Void = {}
    ) {
        router.get(RouterPath(path)) { _, _ -> Response in
            beforeScrape()
            return Response(
                status: .ok, headers: [.contentType: contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    /// A metrics factory writing into `registry`, with `FleetMetrics`'s histogram buckets
    /// (Argo CD's); give it to `FleetMetrics(factory:)`.
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = FleetMetrics.histogramBuckets
        return factory
    }
}

/// One server's metrics: a Prometheus registry of its own and the `FleetMetrics` writing into
/// it (never the process-wide swift-metrics bootstrap, so servers and tests do not mix).
public struct ServerMetrics: Sendable {
    /// What `GET /metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// What the controller records into.
    public let fleet: FleetMetrics

    /// Metrics in `registry` (a new one by default).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.fleet = FleetMetrics(factory: MetricsRoute.factory(registry: registry))
    }

    /// The exposition text, as a scrape would read it.
    public func render() -> String { registry.emitToString() }
}

extension MetricsRoute {
    /// Adds `GET /metrics`, rendering `metrics`' registry at each scrape, after `beforeScrape`.
    public static func add<Context: RequestContext>(
        to router: some RouterMethods<Context>, metrics: ServerMetrics,
        beforeScrape: @escaping @Sendable () -> Void = {}
    ) {
        add(to: router, registry: metrics.registry, beforeScrape: beforeScrape)
    }
}
