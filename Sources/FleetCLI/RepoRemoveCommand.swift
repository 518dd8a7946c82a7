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

extension RepoStore {
    /// Removes an entry; an unknown one fails with exit 1, naming those stored.
    static func remove(_ url: String, scope: RepositoryScope) throws {
        let noun = scope == .repository ? "repository" : "credential template"
        do {
            guard let registry = try RegistryAccess.openExisting() else {
                throw CommandFailure("\(noun) \(url) is not stored")
            }
            try registry.removeRepository(url, scope: scope)
            Terminal.standardOutput.write("\(noun) \(url) removed\n")
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(error)
        }
    }
}
