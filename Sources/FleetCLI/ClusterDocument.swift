import FleetModel
import Foundation
import Registry

/// A registered cluster as `cluster list -o yaml|json` and `cluster show` print it:
/// every field but secrets, which read `<redacted>`. A `ClusterList` of these is also a
/// valid `--clusters` file.
enum ClusterDocument {
    static let redacted: JSONValue = "<redacted>"

    static func list(_ records: [ClusterRecord]) -> JSONValue {
        .object(
            JSONObject([
                ("apiVersion", "flotilla.dev/v1alpha1"), ("kind", "ClusterList"), ("items", .array(records.map(item))),
            ]))
    }

    static func item(_ record: ClusterRecord) -> JSONValue {
        var object = JSONObject([
            ("name", .string(record.name)), ("server", .string(record.server)), ("project", .string(record.project)),
            ("labels", map(record.labels)), ("annotations", map(record.annotations)),
        ])
        if let namespace = record.namespace { object["namespace"] = .string(namespace) }
        if let proxy = record.proxyURL { object["proxyURL"] = .string(proxy) }
        var tls = JSONObject([("insecureSkipTLSVerify", .bool(record.tls.insecureSkipTLSVerify))])
        if let serverName = record.tls.serverName { tls["serverName"] = .string(serverName) }
        if record.tls.hasCertificateAuthority { tls["certificateAuthority"] = redacted }
        object["tls"] = .object(tls)
        object["credential"] = credential(record.credential)
        object["source"] = .object(
            JSONObject([("kubeconfig", .string(record.source.file)), ("context", .string(record.source.context))]))
        object["createdAt"] = .string(timestamp(record.createdAt))
        object["updatedAt"] = .string(timestamp(record.updatedAt))
        return .object(object)
    }

    private static func credential(_ summary: CredentialSummary) -> JSONValue {
        var object = JSONObject([("kind", JSONValue.string(summary.kind))])
        switch summary.kind {
        case "clientCertificate":
            object["certificate"] = redacted
            object["key"] = redacted
        case "token":
            object["token"] = redacted
        case "tokenFile":
            object["tokenFile"] = summary.tokenFile.map(JSONValue.string) ?? .null
            object["token"] = redacted
        default:
            object["apiVersion"] = summary.apiVersion.map(JSONValue.string) ?? .null
            object["command"] = summary.command.map(JSONValue.string) ?? .null
            object["args"] = redacted
            object["env"] = .array(
                (summary.envNames ?? []).map { .object(JSONObject([("name", .string($0)), ("value", redacted)])) })
        }
        return .object(object)
    }

    private static func map(_ values: [String: String]) -> JSONValue {
        .object(JSONObject(values.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))
    }

    /// RFC 3339 in UTC without fractions, as Kubernetes writes timestamps.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
