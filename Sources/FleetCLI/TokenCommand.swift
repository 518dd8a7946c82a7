import ArgumentParser
import Registry

/// `flotilla token`: the API tokens of `flotilla serve`.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the API tokens of flotilla serve.",
        discussion: """
            A token's secret is printed once, when it is created; the registry keeps only its \
            SHA-256. Roles: viewer reads, operator also syncs, refreshes and rolls back, admin \
            also manages tokens; --project limits a token to AppProjects.
            """,
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self]
    )
}

extension ApiRole: ExpressibleByArgument {}
