import ArgumentParser
import FleetModel
import Foundation
import Registry

/// `flotilla token list`: every token, revoked and expired ones included; never a secret nor its hash.
struct TokenListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List API tokens (never their secrets).", aliases: ["ls"])

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("table or json.", valueName: "format"))
    var output: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    func run() throws {
        let tokens: [ApiToken]
        do {
            tokens = try RegistryAccess.openExisting()?.apiTokens() ?? []
        } catch {
            throw CommandFailure(error)
        }
        let now = Date()
        switch output {
        case .table:
            guard !tokens.isEmpty else {
                Terminal.standardError.write("No API tokens (flotilla token create).\n")
                return
            }
            Terminal.standardOutput.write(Self.table(tokens, now: now))
        case .json:
            Terminal.standardOutput.write(JSONWriter.pretty(.array(tokens.map { Self.document($0, now: now) })))
        }
    }

    static func table(_ tokens: [ApiToken], now: Date) -> String {
        var table = TableWriter(headers: ["NAME", "ROLE", "PROJECTS", "CREATED", "EXPIRES", "LAST-USED", "STATUS"])
        for token in tokens {
            table.append([
                token.name, token.role.rawValue, token.projects.isEmpty ? "*" : token.projects.joined(separator: ","),
                RelativeTime.ago(token.createdAt, now: now),
                token.expiresAt.map { RelativeTime.around($0, now: now) } ?? "<never>",
                token.lastUsedAt.map { RelativeTime.ago($0, now: now) } ?? "<never>", token.status(at: now).rawValue,
            ])
        }
        return table.render()
    }

    static func document(_ token: ApiToken, now: Date) -> JSONValue {
        let time = { (date: Date?) in date.map { JSONValue.string(ClusterDocument.timestamp($0)) } ?? .null }
        return .object(
            JSONObject([
                ("name", .string(token.name)), ("role", .string(token.role.rawValue)),
                ("projects", .array(token.projects.map(JSONValue.string))), ("createdAt", time(token.createdAt)),
                ("expiresAt", time(token.expiresAt)), ("revokedAt", time(token.revokedAt)),
                ("lastUsedAt", time(token.lastUsedAt)), ("status", .string(token.status(at: now).rawValue)),
            ]))
    }
}
