import ArgumentParser

/// `flotilla-bench`: measurements and fidelity checks against a cluster named by a kubeconfig context.
@main
struct FlotillaBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flotilla-bench", abstract: "Measure and check Flotilla against one cluster.",
        subcommands: [ClientBenchmark.self, ReplayCommand.self, TokenLookupBenchmark.self], defaultSubcommand: ClientBenchmark.self)
}
