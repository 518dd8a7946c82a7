import Foundation
import GRDB

extension Registry {
    /// Stores a repository or credential template, its secrets sealed like cluster
    /// credentials. An entry of the same URL and scope is replaced only with `replace`.
    @discardableResult
    public func addRepository(_ registration: RepositoryRegistration, replace: Bool) throws -> AddOutcome {
        let hasKeyCheck = try read { db in try KeyCheck.exists(db) }
        let sealer = Sealer(
            registryKey: try RegistryKey.load(home: home, environment: environment, mayCreate: !hasKeyCheck))
        let now = Date()
        let credential = registration.credential
        var username: String?
        var hasKnownHosts = false
        var insecureIgnoreHostKey = false
        switch credential {
        case .password(let user, _): username = user
        case .sshKey(_, let knownHosts, let insecure):
            hasKnownHosts = knownHosts != nil
            insecureIgnoreHostKey = insecure
        case .none, .bearerToken: break
        }
        let sealed: Data
        do {
            sealed = try sealer.seal(
                try JSONEncoder().encode(RepositorySecrets(registration)),
                for: RepositoryRow.purpose(url: registration.url, scope: registration.scope))
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.database("cannot encode repository \(registration.url)")
        }
        let row = RepositoryRow(
            url: registration.url, scope: registration.scope.rawValue, credentialKind: credential.kind.rawValue,
            username: username, hasKnownHosts: hasKnownHosts, insecureIgnoreHostKey: insecureIgnoreHostKey,
            insecureSkipServerVerification: registration.insecureSkipServerVerification,
            hasCertificateAuthority: registration.certificateAuthority != nil, sealedSecrets: sealed,
            createdAt: now, updatedAt: now)
        let check = try sealer.seal(Data(KeyCheck.plaintext.utf8), for: KeyCheck.purpose)
        return try repositoryWrite { db in
            try KeyCheck.verifyOrStore(db, sealer: sealer, sealedCheck: check)
            var row = row
            // The same repository however it is spelt (case, `.git`, a trailing slash).
            let sameScope = try RepositoryRow.filter(Column("scope") == row.scope).fetchAll(db)
            let whole = registration.scope == .repository
            let spelling = RepositoryMatching.comparable(row.url, dropGitSuffix: whole)
            if let existing = sameScope.first(where: {
                RepositoryMatching.comparable($0.url, dropGitSuffix: whole) == spelling
            }) {
                guard replace else {
                    throw RepositoryError.alreadyStored(url: existing.url, scope: registration.scope)
                }
                row.createdAt = existing.createdAt
                try existing.delete(db)
                try row.insert(db)
                return .replaced(row.url)
            }
            try row.insert(db)
            return .added(row.url)
        }
    }

    /// Every stored repository and template, templates last, by URL; never a secret.
    public func repositories() throws(RegistryError) -> [RepositoryRecord] {
        try read { db in try RepositoryRow.order(Column("scope"), Column("url")).fetchAll(db).map(\.record) }
    }

    /// Removes the entry of `url` and `scope`; an unknown one is an error listing those there are.
    public func removeRepository(_ url: String, scope: RepositoryScope) throws {
        try repositoryWrite { db in
            guard try RepositoryRow.deleteOne(db, key: ["url": url, "scope": scope.rawValue]) else {
                let stored = try String.fetchAll(
                    db,
                    RepositoryRow.filter(Column("scope") == scope.rawValue).select(Column("url")).order(Column("url")))
                throw RepositoryError.notStored(url: url, scope: scope, stored: stored)
            }
        }
    }

    /// What applies to the repository `url` (as git is given it, without credentials): its
    /// own entry's credential, else the longest covering template's, opened with the
    /// registry key; its own entry's server checks, else the template's. Nil when nothing applies.
    public func repositoryAccess(for url: String) throws(RegistryError) -> RepositoryAccessEntry? {
        let rows = try read { db in try RepositoryRow.fetchAll(db) }
        return try open(RepositoryMatching.choose(for: url, among: rows.map(\.record)), rows: rows)
    }

    /// What applies to `url`, a file of a Helm repository (its index, an archive): the entry,
    /// repository or template, whose URL is the longest covering it, opened. Nil when none does.
    public func helmRepositoryAccess(for url: String) throws(RegistryError) -> RepositoryAccessEntry? {
        let rows = try read { db in try RepositoryRow.fetchAll(db) }
        return try open(RepositoryMatching.covering(url, among: rows.map(\.record)), rows: rows)
    }

    /// The credential and server checks `choice` names, opened with the registry key.
    private func open(
        _ choice: RepositoryMatching.Choice, rows: [RepositoryRow]
    ) throws(RegistryError) -> RepositoryAccessEntry? {
        guard let checks = choice.repository ?? choice.credentialSource else { return nil }
        let source = choice.credentialSource ?? checks
        let key = { (record: RepositoryRecord) in "\(record.scope.rawValue)\n\(record.url)" }
        let sealedBy = Dictionary(rows.map { ("\($0.scope)\n\($0.url)", $0.sealedSecrets) }) { first, _ in first }
        let sealer = Sealer(registryKey: try RegistryKey.load(home: home, environment: environment, mayCreate: false))
        func open(_ record: RepositoryRecord) throws(RegistryError) -> RepositorySecrets {
            let plaintext = try sealer.open(
                sealedBy[key(record)] ?? Data(), for: RepositoryRow.purpose(url: record.url, scope: record.scope))
            do {
                return try JSONDecoder().decode(RepositorySecrets.self, from: plaintext)
            } catch {
                throw .database("repository \(record.url): sealed credentials are damaged")
            }
        }
        let sourceSecrets = try open(source)
        let checkSecrets = source == checks ? sourceSecrets : try open(checks)
        return RepositoryAccessEntry(
            matchedURL: source.url, scope: source.scope, credential: sourceSecrets.credential(of: source),
            insecureSkipServerVerification: checks.insecureSkipServerVerification,
            certificateAuthority: checkSecrets.certificateAuthority)
    }

    /// A write whose repository errors reach the caller as they are.
    private func repositoryWrite<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as RepositoryError {
            throw error
        } catch {
            throw Self.translate(error)
        }
    }
}
