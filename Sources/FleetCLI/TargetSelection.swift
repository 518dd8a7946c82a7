import ArgumentParser
import Engine
import FleetModel
import Foundation
import Reconcile
import Registry

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

    @OptionGroup var engineOptions: EngineOptions

    func validate() throws {
        if let selector {
            do {
                _ = try LabelSelector(parsing: selector)
            } catch {
                throw ValidationError(error.localizedDescription)
            }
        }
    }

    /// The registry, the pipeline of the selected targets and the engine to run them with (each
    /// target within `deadline`, its wait for health ending at half of it; git generators read
    /// their repositories through the engine's mirrors). A fleet or registry that cannot be read,
    /// an Application whose destination is not registered, or a key that does not open the
    /// registry's credentials, is a usage error (exit 2) before any cluster is contacted.
    func resolve(
        deadline: Duration = .seconds(240)
    ) async throws -> (
        registry: Registry, pipeline: FleetPipeline, engine: Engine
    ) {
        do {
            let registry = try RegistryAccess.requireExisting()
            let engine = engineOptions.engine(registry, deadline: deadline)
            let pipeline = try await FleetPipeline.resolve(
                paths: paths, app: app, cluster: cluster, selector: try selector.map { try LabelSelector(parsing: $0) },
                store: registry, trees: engine.trees)
            try registry.verifyKey()
            return (registry, try pipeline.requiringEveryTarget(), engine)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
    }
}
