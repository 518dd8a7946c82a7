import FleetModel
import Foundation
import GRDB

/// The cluster registry: one SQLite database (WAL, 0600) under `$FLOTILLA_HOME`,
/// safe for several `flotilla` processes at once, with credentials sealed.
public final class Registry: Sendable {
    /// The state folder the registry lives in.
    public let home: FlotillaHome
    let pool: DatabasePool
    let environment: [String: String]
    /// Keeps API token lookups from writing `lastUsedAt` more than once a minute per token.
    let lastUseThrottle = LastUseThrottle()

    private init(home: FlotillaHome, pool: DatabasePool, environment: [String: String]) {
        self.home = home
        self.pool = pool
        self.environment = environment
    }

    /// Opens the registry of `home`. When it does not exist yet, `create` makes it
    /// (folder 0700, database 0600); otherwise the result is nil.
    public static func open(
        home: FlotillaHome, environment: [String: String] = ProcessInfo.processInfo.environment, create: Bool
    ) throws(RegistryError) -> Registry? {
        let path = home.databasePath
        if !FileManager.default.fileExists(atPath: path) {
            guard create else { return nil }
            try home.ensureExists()
            let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if descriptor >= 0 { close(descriptor) }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "flotilla.registry"
        do {
            try Self.refuseUnreadable(path)
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrate(pool, lockPath: path + ".migrate-lock")
            chmod(path, 0o600)
            return Registry(home: home, pool: pool, environment: environment)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .unavailable(path: path, reason: Self.describe(error))
        }
    }

    /// Brings the schema up to date while holding an exclusive lock on `lockPath`: processes
    /// opening a new registry at the same moment would otherwise both see a migration as
    /// pending and the second would fail creating a table the first just made.
    private static func migrate(_ pool: DatabasePool, lockPath: String) throws {
        let descriptor = Foundation.open(lockPath, O_RDWR | O_CREAT, 0o600)
        guard descriptor >= 0 else { return try RegistrySchema.migrator.migrate(pool) }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        try RegistrySchema.migrator.migrate(pool)
    }

    /// Every registered cluster matching `selector`, by name.
    public func clusters(matching selector: LabelSelector = .everything) throws(RegistryError) -> [ClusterRecord] {
        let rows = try read { db in try ClusterRow.order(Column("name")).fetchAll(db) }
        return rows.lazy.filter { selector.matches($0.labels) }.map(\.record)
    }

    /// The cluster `name`.
    public func cluster(named name: String) throws(RegistryError) -> ClusterRecord {
        guard let row = try read({ db in try ClusterRow.fetchOne(db, key: name) }) else { throw .notFound(name) }
        return row.record
    }

    /// The sealed CA bundle and credential of `name`, opened with the registry key.
    public func secrets(of name: String) throws(RegistryError) -> ClusterSecrets {
        guard let row = try read({ db in try ClusterRow.fetchOne(db, key: name) }) else { throw .notFound(name) }
        let sealer = Sealer(registryKey: try RegistryKey.load(home: home, environment: environment, mayCreate: false))
        let plaintext = try sealer.open(row.sealedSecrets, for: Self.purpose(name))
        do {
            return try JSONDecoder().decode(ClusterSecrets.self, from: plaintext)
        } catch {
            throw .database("cluster \"\(name)\": sealed credentials are damaged")
        }
    }

    /// Removes `names`, all or none: an unknown name fails the whole call.
    public func remove(_ names: [String]) throws(RegistryError) {
        try write { db in
            for name in names where try !ClusterRow.exists(db, key: name) { throw RegistryError.notFound(name) }
            for name in names { _ = try ClusterRow.deleteOne(db, key: name) }
        }
    }

    /// Changes the labels (or annotations) of `name` in one transaction. An error thrown
    /// by `change` rolls it back and reaches the caller as it is.
    public func update(
        _ name: String, field: MetadataField, _ change: @Sendable (inout [String: String]) throws -> Void
    ) throws {
        do {
            try pool.write { db in
                guard var row = try ClusterRow.fetchOne(db, key: name) else { throw RegistryError.notFound(name) }
                switch field {
                case .labels:
                    try change(&row.labels)
                    try Self.validate(labels: row.labels, of: name)
                case .annotations:
                    try change(&row.annotations)
                }
                row.updatedAt = Date()
                try row.update(db)
            }
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// Which metadata map `update` changes.
    public enum MetadataField: Sendable {
        case labels, annotations
    }

    static func purpose(_ name: String) -> String { "flotilla.dev/cluster/\(name)" }

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(RegistryError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw Self.translate(error)
        }
    }

    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(RegistryError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw Self.translate(error)
        }
    }

    static func translate(_ error: any Error) -> RegistryError {
        if let registryError = error as? RegistryError { return registryError }
        return .database(describe(error))
    }

    static func describe(_ error: any Error) -> String {
        if let databaseError = error as? DatabaseError { return databaseError.message ?? "\(databaseError.resultCode)" }
        return error.localizedDescription
    }
}
