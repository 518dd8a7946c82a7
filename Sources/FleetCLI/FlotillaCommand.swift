import ArgumentParser

/// `flotilla`: the root command.
public struct FlotillaCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flotilla",
        abstract: "GitOps fleet manager: expand fleet files into Argo CD Applications and keep clusters in sync.",
        version: "0.1.0",
        subcommands: [
            GenerateCommand.self, DiffCommand.self, SyncCommand.self, StatusCommand.self, ClusterCommand.self,
            HistoryCommand.self, RollbackCommand.self, RolloutCommand.self, RegistryCommand.self, ServeCommand.self,
            TokenCommand.self,
            SandboxCommand.self, DemoCommand.self, VersionCommand.self, HelmRenderCommand.self,
            HelmPullCommand.self, ImportCommand.self, RepoCommand.self,
        ]
    )

    public init() {}
}
