import ArgumentParser
import Foundation
import Registry

/// `flotilla token revoke NAME`: the token stops working at once (its next request gets 401).
struct TokenRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an API token.")

    @Argument(help: "The token's name.")
    var name: String

    func run() throws {
        do {
            guard let registry = try RegistryAccess.openExisting() else {
                throw ApiTokenError.unknownName(name, revocable: [])
            }
            try registry.revokeToken(named: name, now: Date())
        } catch let error as ApiTokenError {
            throw CommandFailure(error.localizedDescription, exitCode: 2)
        } catch {
            throw CommandFailure(error)
        }
        Terminal.standardOutput.write("token \"\(name)\" revoked\n")
    }
}
