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

    /// An engine reaching `registry`'s clusters with these options, each target within `deadline`
    /// (its wait for health ending at half of it).
    func engine(_ registry: Registry, deadline: Duration = .seconds(240)) -> Engine {
        engineOptions.engine(registry, deadline: deadline)
    }

    /// The registry and the pipeline of the selected targets; a fleet or registry that cannot
    /// be read, an Application whose destination is not registered, or a key that does not
    /// open the registry's credentials, is a usage error (exit 2) before any cluster is contacted.
    func resolve() throws -> (registry: Registry, pipeline: FleetPipeline) {
        do {
            let registry = try RegistryAccess.requireExisting()
            let pipeline = try FleetPipeline.resolve(
                paths: paths, app: app, cluster: cluster, selector: try selector.map { try LabelSelector(parsing: $0) },
                store: registry)
            try registry.verifyKey()
            return (registry, try pipeline.requiringEveryTarget())
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
    }
}
