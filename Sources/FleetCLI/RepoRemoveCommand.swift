import ArgumentParser
import Registry

/// `flotilla repo remove URL`: forgets a repository's credential.
struct RepoRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a stored repository.", aliases: ["rm"])

    @Argument(help: "The repository URL, as repo list shows it.")
    var url: String

    func run() throws {
        try RepoStore.remove(url, scope: .repository)
    }
}
