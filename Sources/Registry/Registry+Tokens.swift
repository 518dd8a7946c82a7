import Foundation
import GRDB

extension Registry {
    /// Creates the token `name` and returns it with its secret, which the registry does not
    /// keep (only its SHA-256): the caller shows it once. A revoked token's name may be used
    /// again; one that is not revoked (even when expired) is an error naming it.
    public func createToken(
        name: String, role: ApiRole, projects: [String], expiresAt: Date?, now: Date
    ) throws -> (token: ApiToken, secret: String) {
        guard ApiTokenNames.isValidTokenName(name) else { throw ApiTokenError.invalidName(name) }
        if let invalid = projects.first(where: { !ApiTokenNames.isValidProject($0) }) {
            throw ApiTokenError.invalidProject(invalid)
        }
        if let expiresAt, expiresAt <= now { throw ApiTokenError.expiryInPast(name: name) }
        let secret = ApiTokenSecret.generate()
        let token = ApiToken(
            name: name, role: role, projects: Array(Set(projects)).sorted(), createdAt: now, expiresAt: expiresAt,
            revokedAt: nil, lastUsedAt: nil, secretHash: ApiTokenSecret.hash(secret))
        try tokenWrite { db in
            let inUse = try ApiTokenRow.filter(Column("name") == name && Column("revokedAt") == nil).fetchCount(db)
            guard inUse == 0 else { throw ApiTokenError.nameInUse(name) }
            var row = ApiTokenRow(token)
            try row.insert(db)
        }
        return (token, secret)
    }

    /// Every token, revoked ones included, by name then creation.
    public func apiTokens() throws(RegistryError) -> [ApiToken] {
        try read { db in
            try ApiTokenRow.order(Column("name"), Column("createdAt")).fetchAll(db).map(\.token)
        }
    }

    /// Revokes the token `name` (the one not revoked yet); an unknown name is an error listing
    /// the names that can be revoked.
    public func revokeToken(named name: String, now: Date) throws {
        try tokenWrite { db in
            let active = ApiTokenRow.filter(Column("revokedAt") == nil)
            guard var row = try active.filter(Column("name") == name).fetchOne(db) else {
                let names = try String.fetchAll(db, active.select(Column("name")).order(Column("name")))
                throw ApiTokenError.unknownName(name, revocable: names)
            }
            row.revokedAt = now
            try row.update(db)
        }
    }

    /// The identity of the token whose secret is `secret`, or nil when no token has it or it
    /// is revoked or expired at `now`. Records the use (`lastUsedAt`) at most once a minute
    /// per token, so that a burst of requests reads the registry and never writes it.
    public func identity(presenting secret: String, now: Date) throws(RegistryError) -> ApiIdentity? {
        guard secret.hasPrefix(ApiTokenSecret.prefix) else { return nil }
        let hash = ApiTokenSecret.hash(secret)
        guard let row = try lookUp(hash), let id = row.id else { return nil }
        let token = row.token
        guard token.status(at: now) == .active else { return nil }
        let recent = token.lastUsedAt.map { now.timeIntervalSince($0) < LastUseThrottle.interval } ?? false
        if !recent, lastUseThrottle.claim(id, at: now) {
            // Bookkeeping: a registry too busy to record the use does not refuse the request.
            try? write { db in
                try db.execute(
                    sql: "UPDATE apiToken SET lastUsedAt = ? WHERE id = ? AND (lastUsedAt IS NULL OR lastUsedAt < ?)",
                    arguments: [now, id, now])
            }
        }
        return token.identity
    }

    /// The row of the token whose secret hashes to `hash`: one indexed SELECT, its statement
    /// prepared once per connection, outside a transaction (a single statement reads one snapshot).
    private func lookUp(_ hash: String) throws(RegistryError) -> ApiTokenRow? {
        do {
            return try pool.unsafeRead { db in
                let statement = try db.cachedStatement(sql: "SELECT * FROM apiToken WHERE secretHash = ?")
                return try ApiTokenRow.fetchOne(statement, arguments: [hash])
            }
        } catch {
            throw Self.translate(error)
        }
    }

    /// A write whose token errors reach the caller as they are.
    private func tokenWrite(_ body: @Sendable (Database) throws -> Void) throws {
        do {
            try pool.write(body)
        } catch let error as ApiTokenError {
            throw error
        } catch {
            throw Self.translate(error)
        }
    }
}

/// Which token and project names are accepted.
enum ApiTokenNames {
    /// 1–63 letters, digits, `-`, `_` or `.`, beginning with a letter or digit.
    static func isValidTokenName(_ name: String) -> Bool {
        name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"#, options: .regularExpression) != nil
    }

    /// A Kubernetes object name (DNS subdomain), as AppProjects are named.
    static func isValidProject(_ name: String) -> Bool {
        name.count <= 253
            && name.range(
                of: #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#, options: .regularExpression)
                != nil
    }
}
