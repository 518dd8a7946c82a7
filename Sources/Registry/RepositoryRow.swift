import Foundation
import GRDB

/// The `repository` table's row: what listings show in columns, every secret (password,
/// token, private key, known_hosts, CA bundle) in one sealed blob.
struct RepositoryRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "repository"

    var url: String
    var scope: String
    var credentialKind: String
    var username: String?
    var hasKnownHosts: Bool
    var insecureIgnoreHostKey: Bool
    var insecureSkipServerVerification: Bool
    var hasCertificateAuthority: Bool
    var sealedSecrets: Data
    var createdAt: Date
    var updatedAt: Date

    /// The row, without its secrets.
    var record: RepositoryRecord {
        RepositoryRecord(
            url: url, scope: RepositoryScope(rawValue: scope) ?? .repository,
            credentialKind: RepositoryCredentialKind(rawValue: credentialKind) ?? .none, username: username,
            hasKnownHosts: hasKnownHosts, insecureIgnoreHostKey: insecureIgnoreHostKey,
            insecureSkipServerVerification: insecureSkipServerVerification,
            hasCertificateAuthority: hasCertificateAuthority, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// What the sealer binds the blob to: a blob copied to another row does not open.
    static func purpose(url: String, scope: RepositoryScope) -> String {
        "flotilla.dev/repository/\(scope.rawValue)/\(url)"
    }
}

/// The sealed part of a repository row.
struct RepositorySecrets: Codable {
    var password: String?
    var bearerToken: String?
    var sshPrivateKey: String?
    var knownHosts: String?
    var certificateAuthority: String?

    init(_ registration: RepositoryRegistration) {
        switch registration.credential {
        case .none: break
        case .password(_, let password): self.password = password
        case .bearerToken(let token): bearerToken = token
        case .sshKey(let key, let knownHosts, _):
            sshPrivateKey = key
            self.knownHosts = knownHosts
        }
        certificateAuthority = registration.certificateAuthority
    }

    /// The credential of `record` with these secrets.
    func credential(of record: RepositoryRecord) -> RepositoryCredential {
        switch record.credentialKind {
        case .none: .none
        case .password: .password(username: record.username ?? "", password: password ?? "")
        case .bearerToken: .bearerToken(bearerToken ?? "")
        case .sshKey:
            .sshKey(
                privateKey: sshPrivateKey ?? "", knownHosts: knownHosts,
                insecureIgnoreHostKey: record.insecureIgnoreHostKey)
        }
    }
}
