import Reconcile
import Registry

extension Registry {
    /// The stored repository credentials as the renderer asks for them: read from the
    /// registry at each fetch, so a `flotilla serve` sees `repo add` at its next cycle.
    var repositoryCredentials: RepositoryCredentials {
        RepositoryCredentials { url in try self.repositoryAccess(for: url).map(RepositoryAccess.init) }
    }

    /// The stored credentials as a Helm repository client asks for them, for each file it gets.
    var helmRepositoryCredentials: RepositoryCredentials {
        RepositoryCredentials { url in try self.helmRepositoryAccess(for: url).map(RepositoryAccess.init) }
    }
}

extension RepositoryAccess {
    /// What git is handed for a registry entry.
    init(_ entry: RepositoryAccessEntry) {
        let credential: GitCredential? =
            switch entry.credential {
            case .none: nil
            case .password(let username, let password): .basic(username: username, password: password)
            case .bearerToken(let token): .bearerToken(token)
            case .sshKey(let key, let knownHosts, let insecure):
                .sshKey(
                    privateKey: key,
                    hostKeys: insecure ? .ignore : knownHosts.map(SSHHostKeyPolicy.knownHosts) ?? .userKnownHosts)
            }
        self.init(
            credential: credential, insecureSkipServerVerification: entry.insecureSkipServerVerification,
            certificateAuthority: entry.certificateAuthority)
    }
}
