import ArgumentParser
import Engine
import FleetModel

/// The options that pick targets, shared by `diff`, `sync` and `status`.
struct TargetSelection: ParsableArguments {
    @Argument(help: ArgumentHelp("Fleet files or folders (default: fleets/).", valueName: "path"))
    var paths: [String] = []

    @Option(help: "Only this Application.")
    var app: String?

    @Option(help: "Only this cluster.")
    var cluster: String?

    @Option(
        name: [.customShort("l"), .customLong("selector")],
        help: ArgumentHelp("Only clusters matching this label selector.", valueName: "selector"))
    var selector: String?

    @Option(help: ArgumentHelp("Seconds each request to a cluster may take.", valueName: "seconds"))
    var requestTimeout = 30

    @Option(help: "Clusters worked on at once.")
    var concurrency = 32

    @Option(help: "Requests a second to each cluster, on average (0: no limit).")
    var qps = 100.0

    @Option(help: "Requests to each cluster that may go at once after a quiet spell.")
    var burst = 600

    func validate() throws {
        if requestTimeout < 1 { throw ValidationError("--request-timeout must be at least 1 second") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if qps < 0 { throw ValidationError("--qps must not be negative") }
        if burst < 1 { throw ValidationError("--burst must be at least 1") }
        if let selector {
            do {
                _ = try LabelSelector(parsing: selector)
            } catch {
                throw ValidationError(error.localizedDescription)
            }
        }
    }

    /// An engine for `resolution`'s targets with these options.
    func engine(for resolution: TargetResolution, healthTimeout: Duration = .seconds(120)) -> Engine {
        resolution.engine(
            concurrency: concurrency, healthTimeout: healthTimeout, requestTimeout: .seconds(requestTimeout),
            rateLimit: qps > 0 ? (qps, burst) : nil)
    }

    /// The selected targets; a fleet or registry that cannot be read is a usage error (exit 2).
    func resolve() throws -> TargetResolution {
        do {
            return try TargetResolution.resolve(
                paths: paths, app: app, cluster: cluster, selector: try selector.map { try LabelSelector(parsing: $0) })
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
    }
}
