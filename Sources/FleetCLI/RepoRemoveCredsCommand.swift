import ArgumentParser
import Registry

/// `flotilla repo remove-creds URL-PREFIX`: forgets a credential template.
struct RepoRemoveCredsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-creds", abstract: "Remove a stored credential template.", aliases: ["rm-creds"])

    @Argument(help: "The template's URL prefix, as repo list shows it.")
    var prefix: String

    func run() throws {
        try RepoStore.remove(prefix, scope: .template)
    }
}
