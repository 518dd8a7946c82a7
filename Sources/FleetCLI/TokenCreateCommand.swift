import ArgumentParser
import Foundation
import Registry

/// `flotilla token create NAME --role R [--expires D] [--project a,b]`: prints a line about
/// the token, then its secret alone on the last line of stdout — the only time it is shown.
struct TokenCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API token and print its secret, once.")

    @Argument(help: "The token's name (letters, digits, '-', '_', '.').")
    var name: String

    @Option(help: ArgumentHelp("viewer, operator or admin.", valueName: "role"))
    var role: ApiRole

    @Option(
        help: ArgumentHelp(
            "How long the token works: \(DurationArgument.examples). Default: no expiry.", valueName: "duration"),
        transform: TokenCreateCommand.lifetime)
    var expires: Duration?

    @Option(
        help: ArgumentHelp("Limit the token to these AppProjects (comma-separated).", valueName: "a,b"),
        transform: { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
    var project: [String] = []

    func run() throws {
        let now = Date()
        let created: (token: ApiToken, secret: String)
        do {
            let expiresAt = expires.map { now.addingTimeInterval(TimeInterval($0.components.seconds)) }
            created = try RegistryAccess.openOrCreate().createToken(
                name: name, role: role, projects: project, expiresAt: expiresAt, now: now)
        } catch let error as ApiTokenError {
            throw CommandFailure(error.localizedDescription, exitCode: 2)
        } catch {
            throw CommandFailure(error)
        }
        let token = created.token
        let projects = token.projects.isEmpty ? "every project" : "projects \(token.projects.joined(separator: ","))"
        let expiry = token.expiresAt.map { "expires \(ClusterDocument.timestamp($0))" } ?? "never expires"
        Terminal.standardOutput.write(
            "token \"\(token.name)\" created: role \(token.role.rawValue), \(projects), \(expiry)\n")
        Terminal.standardError.write(
            "The token is shown once, on the next line: store it now; it cannot be read back.\n")
        Terminal.standardOutput.write(created.secret + "\n")
    }

    /// `--expires`: a positive duration, days included.
    static func lifetime(_ text: String) throws -> Duration {
        guard let argument = DurationArgument(argument: text), argument.duration > .zero else {
            throw ValidationError("\"\(text)\" is not a duration; write one such as \(DurationArgument.examples)")
        }
        return argument.duration
    }
}
