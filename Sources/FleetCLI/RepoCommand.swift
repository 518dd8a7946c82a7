import ArgumentParser

/// `flotilla repo`: credentials for private Git repositories.
struct RepoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repo",
        abstract: "Store credentials for private Git repositories (SSH keys, passwords, tokens).",
        discussion: """
            Secrets are sealed in the registry like cluster credentials and handed to git \
            without a secret on its command line or in a lasting file. A repository's own \
            entry (repo add) wins over a credential template (repo add-creds); among templates \
            the longest URL prefix wins.
            """,
        subcommands: [
            RepoAddCommand.self, RepoAddCredsCommand.self, RepoListCommand.self, RepoRemoveCommand.self,
            RepoRemoveCredsCommand.self,
        ]
    )
}
