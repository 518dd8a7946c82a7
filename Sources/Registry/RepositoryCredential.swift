import Foundation

/// The secret a stored repository (or credential template) authenticates with.
public enum RepositoryCredential: Sendable, Equatable {
    /// None: the entry only sets how the server is verified; a template may still give a credential.
    case none
    /// HTTPS basic authentication.
    case password(username: String, password: String)
    /// An HTTPS bearer token.
    case bearerToken(String)
    /// An SSH private key; `knownHosts` lines to check the server against (nil: the user's
    /// own known_hosts), or no check at all with `insecureIgnoreHostKey`.
    case sshKey(privateKey: String, knownHosts: String?, insecureIgnoreHostKey: Bool)

    /// What kind of credential it is, the only thing about it that listings show.
    public var kind: RepositoryCredentialKind {
        switch self {
        case .none: .none
        case .password: .password
        case .bearerToken: .bearerToken
        case .sshKey: .sshKey
        }
    }
}

/// The kind of a stored credential, without its secret.
public enum RepositoryCredentialKind: String, Sendable, Equatable, CaseIterable {
    case none
    case password
    case bearerToken = "bearer-token"
    case sshKey = "ssh-key"
}

/// Whether an entry is one repository (`repo add`) or a template for every repository under
/// a URL prefix (`repo add-creds`).
public enum RepositoryScope: String, Sendable, Equatable, CaseIterable {
    case repository
    case template
}

/// A repository or credential template to store.
public struct RepositoryRegistration: Sendable, Equatable {
    /// The repository URL, or the template's URL prefix, without credentials in it.
    public var url: String
    /// One repository or a template.
    public var scope: RepositoryScope
    /// The secret it authenticates with.
    public var credential: RepositoryCredential
    /// HTTPS: accept any server certificate.
    public var insecureSkipServerVerification: Bool
    /// HTTPS: the PEM CA bundle the server must chain to.
    public var certificateAuthority: String?

    /// A registration of `url` as `scope` with `credential`.
    public init(
        url: String, scope: RepositoryScope, credential: RepositoryCredential,
        insecureSkipServerVerification: Bool = false, certificateAuthority: String? = nil
    ) {
        self.url = url
        self.scope = scope
        self.credential = credential
        self.insecureSkipServerVerification = insecureSkipServerVerification
        self.certificateAuthority = certificateAuthority
    }
}

/// A stored repository or template as commands show it: never a secret.
public struct RepositoryRecord: Sendable, Equatable {
    /// The repository URL or the template's prefix.
    public var url: String
    /// One repository or a template.
    public var scope: RepositoryScope
    /// The kind of its credential.
    public var credentialKind: RepositoryCredentialKind
    /// The user name of a password credential (not secret, shown like Argo CD shows it).
    public var username: String?
    /// SSH: whether known_hosts lines were given.
    public var hasKnownHosts: Bool
    /// SSH: whether host keys go unchecked.
    public var insecureIgnoreHostKey: Bool
    /// HTTPS: whether server certificates go unchecked.
    public var insecureSkipServerVerification: Bool
    /// HTTPS: whether a CA bundle was given.
    public var hasCertificateAuthority: Bool
    /// When it was first stored.
    public var createdAt: Date
    /// When it was last replaced.
    public var updatedAt: Date
}

/// The entry that applies to a repository URL, opened: what git is handed.
public struct RepositoryAccessEntry: Sendable, Equatable {
    /// The URL or prefix of the entry the credential came from.
    public var matchedURL: String
    /// Whether the credential came from a template.
    public var scope: RepositoryScope
    /// The credential, opened.
    public var credential: RepositoryCredential
    /// HTTPS: accept any server certificate.
    public var insecureSkipServerVerification: Bool
    /// HTTPS: the CA bundle the server must chain to.
    public var certificateAuthority: String?
}
