import ArgumentParser
import Registry

/// `flotilla repo add URL …`: the credential of one repository.
struct RepoAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Store the credential of one Git repository.")

    @Argument(help: "The repository URL (https://…, ssh://user@host/…, user@host:path).")
    var url: String

    @OptionGroup var credential: RepoCredentialOptions

    func validate() throws {
        try credential.check(for: try RepoURLArgument(url, field: "URL", prefix: false).transport)
    }

    func run() throws {
        try RepoStore.add(try credential.registration(of: url, scope: .repository), replace: credential.upsert)
    }
}

/// `flotilla repo add-creds URL-PREFIX …`: a credential template for every repository under a prefix.
struct RepoAddCredsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-creds",
        abstract: "Store a credential template for every repository under a URL prefix.",
        discussion: """
            A repository's own entry (repo add) wins; among templates the longest prefix \
            covering the URL wins. A prefix covers URLs that continue it after a '/'; \
            user@host:path is compared as ssh://user@host/path.
            """)

    @Argument(help: "The URL prefix (https://git.example.com/team, git@git.example.com:team).")
    var prefix: String

    @OptionGroup var credential: RepoCredentialOptions

    func validate() throws {
        try credential.check(for: try RepoURLArgument(prefix, field: "URL-PREFIX", prefix: true).transport)
    }

    func run() throws {
        try RepoStore.add(try credential.registration(of: prefix, scope: .template), replace: credential.upsert)
    }
}

/// Storing an entry from a command: one line on success, exit 2 when it is already stored.
enum RepoStore {
    static func add(_ registration: RepositoryRegistration, replace: Bool) throws {
        let noun = registration.scope == .repository ? "repository" : "credential template"
        do {
            let outcome = try RegistryAccess.openOrCreate().addRepository(registration, replace: replace)
            let verb = outcome == .added(registration.url) ? "added" : "replaced"
            Terminal.standardOutput.write(
                "\(noun) \(registration.url) \(verb) (\(registration.credential.kind.rawValue))\n")
        } catch let error as RepositoryError {
            throw CommandFailure(error.localizedDescription, exitCode: 2)
        } catch {
            throw CommandFailure(error)
        }
    }
}
