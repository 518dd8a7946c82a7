import Foundation
import GRDB

/// The `cluster` table's row: secrets only as one sealed blob. Decoded by column
/// name rather than through `Codable`, so listing 10,000 clusters stays fast.
struct ClusterRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "cluster"

    var name: String
    var server: String
    var project: String
    var labels: [String: String]
    var annotations: [String: String]
    var tlsServerName: String?
    var insecureSkipTLSVerify: Bool
    var hasCertificateAuthority: Bool
    var proxyURL: String?
    var namespace: String?
    var credential: CredentialSummary
    var sealedSecrets: Data
    var sourceFile: String
    var sourceContext: String
    var createdAt: Date
    var updatedAt: Date

    init(
        name: String, server: String, project: String, labels: [String: String], annotations: [String: String],
        tlsServerName: String?, insecureSkipTLSVerify: Bool, hasCertificateAuthority: Bool, proxyURL: String?,
        namespace: String?, credential: CredentialSummary, sealedSecrets: Data, sourceFile: String,
        sourceContext: String, createdAt: Date, updatedAt: Date
    ) {
        self.name = name
        self.server = server
        self.project = project
        self.labels = labels
        self.annotations = annotations
        self.tlsServerName = tlsServerName
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.hasCertificateAuthority = hasCertificateAuthority
        self.proxyURL = proxyURL
        self.namespace = namespace
        self.credential = credential
        self.sealedSecrets = sealedSecrets
        self.sourceFile = sourceFile
        self.sourceContext = sourceContext
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    init(row: Row) throws {
        name = row["name"]
        server = row["server"]
        project = row["project"]
        labels = MetadataColumns.labels(row["labels"])
        annotations = try MetadataColumns.annotations(row["annotations"])
        tlsServerName = row["tlsServerName"]
        insecureSkipTLSVerify = row["insecureSkipTLSVerify"]
        hasCertificateAuthority = row["hasCertificateAuthority"]
        proxyURL = row["proxyURL"]
        namespace = row["namespace"]
        let envNames: String? = row["execEnvNames"]
        credential = CredentialSummary(
            kind: row["credentialKind"], tokenFile: row["tokenFile"], command: row["execCommand"],
            apiVersion: row["execAPIVersion"], envNames: envNames.map { $0.split(separator: "\n").map(String.init) })
        sealedSecrets = row["sealedSecrets"]
        sourceFile = row["sourceFile"]
        sourceContext = row["sourceContext"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["name"] = name
        container["server"] = server
        container["project"] = project
        container["labels"] = MetadataColumns.text(labels: labels)
        container["annotations"] = try MetadataColumns.text(annotations: annotations)
        container["tlsServerName"] = tlsServerName
        container["insecureSkipTLSVerify"] = insecureSkipTLSVerify
        container["hasCertificateAuthority"] = hasCertificateAuthority
        container["proxyURL"] = proxyURL
        container["namespace"] = namespace
        container["credentialKind"] = credential.kind
        container["tokenFile"] = credential.tokenFile
        container["execCommand"] = credential.command
        container["execAPIVersion"] = credential.apiVersion
        container["execEnvNames"] = credential.envNames?.joined(separator: "\n")
        container["sealedSecrets"] = sealedSecrets
        container["sourceFile"] = sourceFile
        container["sourceContext"] = sourceContext
        container["createdAt"] = createdAt
        container["updatedAt"] = updatedAt
    }

    /// The record commands show.
    var record: ClusterRecord {
        ClusterRecord(
            name: name, server: server, project: project, labels: labels, annotations: annotations,
            tls: .init(
                hasCertificateAuthority: hasCertificateAuthority, insecureSkipTLSVerify: insecureSkipTLSVerify,
                serverName: tlsServerName),
            proxyURL: proxyURL, namespace: namespace, credential: credential,
            source: .init(file: sourceFile, context: sourceContext),
            createdAt: createdAt, updatedAt: updatedAt)
    }
}

/// How labels and annotations are stored: labels as sorted `key=value` lines (label
/// keys and values never hold `=` or a newline), annotations as a JSON object.
enum MetadataColumns {
    static func text(labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }

    static func labels(_ text: String) -> [String: String] {
        var labels: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            labels[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return labels
    }

    static func text(annotations: [String: String]) throws -> String {
        guard !annotations.isEmpty else { return "{}" }
        let data = try JSONSerialization.data(withJSONObject: annotations, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func annotations(_ text: String) throws -> [String: String] {
        guard text != "{}" else { return [:] }
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] else {
            throw RegistryError.database("damaged annotations")
        }
        return object
    }
}
