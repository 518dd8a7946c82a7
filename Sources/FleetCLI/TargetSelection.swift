import ArgumentParser
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

    func validate() throws {
        if let selector {
            do {
                _ = try LabelSelector(parsing: selector)
            } catch {
                throw ValidationError(error.localizedDescription)
            }
        }
    }

    /// The selected targets.
    func resolve() throws -> TargetResolution {
        try TargetResolution.resolve(
            paths: paths, app: app, cluster: cluster, selector: try selector.map { try LabelSelector(parsing: $0) })
    }
}
