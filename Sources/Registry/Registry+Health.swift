import Foundation
import GRDB

extension Registry {
    /// Throws `wrongKey` (or `missingKey`, `malformedKey`) unless the key in force opens the
    /// credentials sealed in this registry: checked once, before any cluster is contacted,
    /// instead of once per target.
    public func verifyKey() throws(RegistryError) {
        guard let stored = try read({ db in try KeyCheck.stored(db) }) else { return }
        let sealer = Sealer(registryKey: try RegistryKey.load(home: home, environment: environment, mayCreate: false))
        guard try sealer.open(stored, for: KeyCheck.purpose) == Data(KeyCheck.plaintext.utf8) else {
            throw .wrongKey(source: sealer.registryKey.source, database: home.databasePath)
        }
    }

    /// Copies the registry into a new database at `path` with SQLite's online backup (safe
    /// while other processes use the registry).
    public func backup(to path: String) throws(RegistryError) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw .unavailable(path: path, reason: "the file exists already; choose a new name")
        }
        do {
            let copy = try DatabaseQueue(path: path)
            try pool.backup(to: copy)
            try copy.close()
            chmod(path, 0o600)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw .unavailable(path: path, reason: Self.describe(error))
        }
    }

    /// What SQLite's integrity check says of the database of `home`, opened read-only so that
    /// a damaged registry is never written to: `["ok"]` when it is sound.
    public static func integrityCheck(home: FlotillaHome) throws(RegistryError) -> [String] {
        let path = home.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw .unavailable(path: path, reason: "there is no registry here yet")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        } catch {
            return [describe(error)]
        }
    }

    /// Throws when the database at `path` cannot be read, or holds migrations this Flotilla
    /// does not know (a newer Flotilla wrote it) — read-only, so that such a registry is never
    /// written to, not even by opening it for writing.
    static func refuseUnreadable(_ path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)  // another process may be creating it right now
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        let applied = try queue.read { db -> Set<String> in
            guard try db.tableExists("grdb_migrations") else { return [] }
            return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        }
        let unknown = applied.subtracting(RegistrySchema.migrator.migrations).sorted()
        guard unknown.isEmpty else {
            throw RegistryError.unavailable(
                path: path,
                reason: "it was written by a newer Flotilla (schema \(unknown.joined(separator: ", "))); "
                    + "use that version or a newer one")
        }
    }
}
