import ArgumentParser

/// `flotilla cluster`: the cluster registry.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Register clusters from kubeconfig contexts and manage their labels.",
        discussion: """
            The registry lives in $FLOTILLA_HOME (default ~/.flotilla): flotilla.db, with every \
            credential sealed by the key in $FLOTILLA_HOME/key or $FLOTILLA_KEY.
            """,
        subcommands: [
            ClusterAddCommand.self, ClusterListCommand.self, ClusterShowCommand.self, ClusterLabelCommand.self,
            ClusterAnnotateCommand.self, ClusterRemoveCommand.self, ClusterCheckCommand.self,
        ]
    )
}
