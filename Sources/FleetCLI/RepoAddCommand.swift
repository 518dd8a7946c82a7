import ArgumentParser
import Registry

/// `flotilla repo add URL …`: the credential of one repository.
struct RepoAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Store the credential of one Git repository, Helm repository or OCI registry.")

    @Argument(help: "The repository URL (https://…, ssh://user@host/…, user@host:path, oci://host/path).")
    var url: String

    @OptionGroup var credential: RepoCredentialOptions

    func validate() throws {
        try credential.check(for: try RepoURLArgument(url, field: "URL", prefix: false).transport)
    }

    func run() throws {
        try RepoStore.add(try credential.registration(of: url, scope: .repository), replace: credential.upsert)
    }
}
