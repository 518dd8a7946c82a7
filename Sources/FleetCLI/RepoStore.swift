import Registry

/// Storing and removing entries from a command: one line on success; an entry already
/// stored is exit 2, an unknown one to remove exit 1.
enum RepoStore {
    /// Stores `registration` (replacing an entry of its URL with `replace`) and says so.
    static func add(_ registration: RepositoryRegistration, replace: Bool) throws {
        let noun = registration.scope == .repository ? "repository" : "credential template"
        do {
            let verb =
                switch try RegistryAccess.openOrCreate().addRepository(registration, replace: replace) {
                case .added: "added"
                case .replaced: "replaced"
                }
            Terminal.standardOutput.write(
                "\(noun) \(registration.url) \(verb) (\(registration.credential.kind.rawValue))\n")
        } catch let error as RepositoryError {
            throw CommandFailure(error.localizedDescription, exitCode: 2)
        } catch {
            throw CommandFailure(error)
        }
    }

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
