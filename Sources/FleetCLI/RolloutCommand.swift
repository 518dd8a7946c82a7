import ArgumentParser

/// `flotilla rollout status|resume|abort APPSET`: the progressive rollout of an ApplicationSet
/// with a `RollingSync` strategy.
struct RolloutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout",
        abstract: "Show, resume or abort the progressive rollout of an ApplicationSet (spec.strategy RollingSync).",
        subcommands: [RolloutStatusCommand.self, RolloutResumeCommand.self, RolloutAbortCommand.self])
}

/// The arguments every `rollout` subcommand takes.
struct RolloutTarget: ParsableArguments {
    @Argument(help: "The ApplicationSet.")
    var applicationSet: String

    @Argument(help: ArgumentHelp("Fleet files or folders (default: fleets/).", valueName: "path"))
    var paths: [String] = []
}
