import FleetModel
import Foundation
import GRDB

extension Registry {
    /// What `add` did with one registration.
    public enum AddOutcome: Sendable, Equatable {
        case added(String)
        case replaced(String)
    }

    /// Registers every cluster, all or none: a name already taken (without `replace`)
    /// or given twice fails the whole call and changes nothing. A replaced cluster keeps its
    /// labels, annotations and project where the registration brings none (a sandbox back on
    /// new ports must stay selected by the clusters generators that chose it).
    @discardableResult
    public func add(_ registrations: [ClusterRegistration], replace: Bool) throws(RegistryError) -> [AddOutcome] {
        var seen = Set<String>()
        for registration in registrations {
            guard seen.insert(registration.name).inserted else { throw .alreadyExists(registration.name) }
            try Self.validate(labels: registration.labels, of: registration.name)
        }
        let hasKeyCheck = try read { db in try KeyCheck.exists(db) }
        let sealer = Sealer(
            registryKey: try RegistryKey.load(home: home, environment: environment, mayCreate: !hasKeyCheck))
        var rows: [ClusterRow] = []
        for registration in registrations { rows.append(try Self.row(registration, sealer: sealer)) }
        let check = try sealer.seal(Data(KeyCheck.plaintext.utf8), for: KeyCheck.purpose)
        return try write { [rows] db in
            try KeyCheck.verifyOrStore(db, sealer: sealer, sealedCheck: check)
            var outcomes: [AddOutcome] = []
            for var row in rows {
                if let existing = try ClusterRow.fetchOne(db, key: row.name) {
                    guard replace else { throw RegistryError.alreadyExists(row.name) }
                    row.createdAt = existing.createdAt
                    if row.labels.isEmpty { row.labels = existing.labels }
                    if row.annotations.isEmpty { row.annotations = existing.annotations }
                    if row.project.isEmpty { row.project = existing.project }
                    try row.update(db)
                    outcomes.append(.replaced(row.name))
                } else {
                    try row.insert(db)
                    outcomes.append(.added(row.name))
                }
            }
            return outcomes
        }
    }

    /// Labels as Kubernetes validates them (which also keeps their stored form unambiguous).
    static func validate(labels: [String: String], of name: String) throws(RegistryError) {
        for (key, value) in labels {
            if let problem = LabelValidation.keyProblem(key) ?? LabelValidation.valueProblem(value) {
                throw .invalidLabel(cluster: name, problem: problem.message)
            }
        }
    }

    private static func row(_ registration: ClusterRegistration, sealer: Sealer) throws(RegistryError) -> ClusterRow {
        let context = registration.context
        let secrets = ClusterSecrets(certificateAuthority: context.certificateAuthority, credential: context.credential)
        let now = Date()
        do {
            return ClusterRow(
                name: registration.name, server: context.server, project: registration.project,
                labels: registration.labels, annotations: registration.annotations,
                tlsServerName: context.tlsServerName,
                insecureSkipTLSVerify: context.insecureSkipTLSVerify,
                hasCertificateAuthority: context.certificateAuthority != nil,
                proxyURL: context.proxyURL, namespace: context.namespace,
                credential: CredentialSummary(context.credential),
                sealedSecrets: try sealer.seal(try JSONEncoder().encode(secrets), for: purpose(registration.name)),
                sourceFile: URL(fileURLWithPath: context.file).standardizedFileURL.path,
                sourceContext: context.contextName,
                createdAt: now, updatedAt: now)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .database("cannot encode cluster \"\(registration.name)\"")
        }
    }
}

/// A value sealed with the registry key when the first credential is sealed, so a
/// later process with another key is refused before it mixes keys in one registry.
enum KeyCheck {
    static let plaintext = "flotilla registry key check"
    static let purpose = "flotilla.dev/registry/key-check"
    private static let metaKey = "keyCheck"

    /// The stored check, sealed with the registry's key; nil before the first cluster.
    static func stored(_ db: Database) throws -> Data? {
        try Data.fetchOne(db, sql: "SELECT value FROM registryMeta WHERE key = ?", arguments: [metaKey])
    }

    static func exists(_ db: Database) throws -> Bool {
        try Row.fetchOne(db, sql: "SELECT 1 FROM registryMeta WHERE key = ?", arguments: [metaKey]) != nil
    }

    static func verifyOrStore(_ db: Database, sealer: Sealer, sealedCheck: Data) throws {
        if let stored = try Data.fetchOne(db, sql: "SELECT value FROM registryMeta WHERE key = ?", arguments: [metaKey])
        {
            guard try sealer.open(stored, for: purpose) == Data(plaintext.utf8) else {
                throw RegistryError.wrongKey(source: sealer.registryKey.source, database: sealer.registryKey.database)
            }
        } else {
            try db.execute(
                sql: "INSERT INTO registryMeta (key, value) VALUES (?, ?)", arguments: [metaKey, sealedCheck])
        }
    }
}
