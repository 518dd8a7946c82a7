import Foundation
import GRDB

/// The `cluster` table's row: secrets only as one sealed blob.
struct ClusterRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "cluster"

    var name: String
    var server: String
    var project: String
    var labels: String
    var annotations: String
    var tlsServerName: String?
    var insecureSkipTLSVerify: Bool
    var hasCertificateAuthority: Bool
    var proxyURL: String?
    var namespace: String?
    var credentialKind: String
    var credentialSummary: String
    var sealedSecrets: Data
    var sourceFile: String
    var sourceContext: String
    var createdAt: Date
    var updatedAt: Date
}

extension ClusterRow {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// The record commands show.
    func record() throws -> ClusterRecord {
        ClusterRecord(
            name: name, server: server, project: project,
            labels: try Self.decode([String: String].self, labels),
            annotations: try Self.decode([String: String].self, annotations),
            tls: .init(
                hasCertificateAuthority: hasCertificateAuthority, insecureSkipTLSVerify: insecureSkipTLSVerify,
                serverName: tlsServerName),
            proxyURL: proxyURL, namespace: namespace,
            credential: try Self.decode(CredentialSummary.self, credentialSummary),
            source: .init(file: sourceFile, context: sourceContext),
            createdAt: createdAt, updatedAt: updatedAt)
    }
}
