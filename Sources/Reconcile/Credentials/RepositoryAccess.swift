/// How `git` authenticates to one repository: a credential stored with `flotilla repo add`
/// (or a credential template), and how the server's identity is checked.
public struct RepositoryAccess: Sendable, Equatable {
    /// The credential git presents; nil for a repository stored only for its TLS settings.
    public var credential: GitCredential?
    /// HTTPS: accept any server certificate (Argo CD's `--insecure-skip-server-verification`).
    public var insecureSkipServerVerification: Bool
    /// HTTPS: the PEM CA bundle the server certificate must chain to, instead of the system's.
    public var certificateAuthority: String?

    /// Access with `credential`, verifying the server as configured.
    public init(
        credential: GitCredential?, insecureSkipServerVerification: Bool = false, certificateAuthority: String? = nil
    ) {
        self.credential = credential
        self.insecureSkipServerVerification = insecureSkipServerVerification
        self.certificateAuthority = certificateAuthority
    }
}

/// A secret git presents to a remote.
public enum GitCredential: Sendable, Equatable {
    /// HTTPS basic authentication, answered through the askpass helper.
    case basic(username: String, password: String)
    /// HTTPS `Authorization: Bearer` header, passed through git's configuration environment.
    case bearerToken(String)
    /// An SSH private key (OpenSSH or PEM text) and how the host key is checked.
    case sshKey(privateKey: String, hostKeys: SSHHostKeyPolicy)

    /// The secret strings of the credential: redacted from anything git prints.
    var secrets: [String] {
        switch self {
        case .basic(_, let password): [password]
        case .bearerToken(let token): [token]
        case .sshKey(let privateKey, _): [privateKey]
        }
    }
}

/// How `ssh` checks the server's host key.
public enum SSHHostKeyPolicy: Sendable, Equatable {
    /// Against the user's own `~/.ssh/known_hosts`, strictly.
    case userKnownHosts
    /// Against these `known_hosts` lines only, strictly.
    case knownHosts(String)
    /// Not at all (Argo CD's `--insecure-ignore-host-key`).
    case ignore
}

/// Finds the access stored for a repository URL: handed to the renderer by the command line,
/// so that this module never reads the registry itself.
public struct RepositoryCredentials: Sendable {
    private let lookUp: @Sendable (String) throws -> RepositoryAccess?

    /// Credentials found by `lookUp`, which is given a URL without credentials (as `git` gets it).
    public init(_ lookUp: @escaping @Sendable (_ url: String) throws -> RepositoryAccess?) {
        self.lookUp = lookUp
    }

    /// No stored credentials: every repository is reached as its URL alone allows.
    public static let none = RepositoryCredentials { _ in nil }

    /// The access stored for `url`; a lookup that fails (an unreadable registry) is an error
    /// naming the repository.
    public func access(for url: String) throws(ReconcileError) -> RepositoryAccess? {
        do {
            return try lookUp(url)
        } catch {
            throw ReconcileError("cannot read the credentials of \(url): \(error)")
        }
    }
}
