import ArgumentParser
import Registry

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

    @Argument(help: "The URL prefix (https://git.example.com/team, git@git.example.com:team, oci://host/team).")
    var prefix: String

    @OptionGroup var credential: RepoCredentialOptions

    func validate() throws {
        try credential.check(for: try RepoURLArgument(prefix, field: "URL-PREFIX", prefix: true).transport)
    }

    func run() throws {
        try RepoStore.add(try credential.registration(of: prefix, scope: .template), replace: credential.upsert)
    }
}
