import ArgumentParser
import FleetModel
import Foundation
import Registry

/// `flotilla repo list`: stored repositories and templates with the kind of their
/// credential and how the server is checked; never a secret.
struct RepoListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List stored repositories and credential templates (never secrets).",
        aliases: ["ls"])

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("table or json.", valueName: "format"))
    var output: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    func run() throws {
        let records: [RepositoryRecord]
        do {
            records = try RegistryAccess.openExisting()?.repositories() ?? []
        } catch {
            throw CommandFailure(error)
        }
        switch output {
        case .table:
            guard !records.isEmpty else {
                Terminal.standardError.write("No repositories stored (flotilla repo add).\n")
                return
            }
            var table = TableWriter(headers: ["URL", "SCOPE", "CREDENTIAL", "USERNAME", "SERVER-CHECK"])
            for record in records {
                table.append([
                    record.url, record.scope.rawValue, record.credentialKind.rawValue, record.username ?? "",
                    Self.serverCheck(record),
                ])
            }
            Terminal.standardOutput.write(table.render())
        case .json:
            Terminal.standardOutput.write(JSONWriter.pretty(.array(records.map(Self.document))))
        }
    }

    /// How the server's identity is checked, in a word.
    static func serverCheck(_ record: RepositoryRecord) -> String {
        if record.credentialKind == .sshKey {
            if record.insecureIgnoreHostKey { return "none (insecure)" }
            return record.hasKnownHosts ? "known-hosts" : "user-known-hosts"
        }
        if record.insecureSkipServerVerification { return "none (insecure)" }
        return record.hasCertificateAuthority ? "ca-file" : "system-ca"
    }

    static func document(_ record: RepositoryRecord) -> JSONValue {
        .object(
            JSONObject([
                ("url", .string(record.url)), ("scope", .string(record.scope.rawValue)),
                ("credential", .string(record.credentialKind.rawValue)),
                ("username", record.username.map(JSONValue.string) ?? .null),
                ("serverCheck", .string(serverCheck(record))),
                ("createdAt", .string(ClusterDocument.timestamp(record.createdAt))),
                ("updatedAt", .string(ClusterDocument.timestamp(record.updatedAt))),
            ]))
    }
}
