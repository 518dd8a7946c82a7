import ArgumentParser
import Registry

/// `flotilla registry check`: SQLite's integrity check, read-only, and what to do.
struct RegistryCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run SQLite's integrity check on the registry (read-only) and say what to do.",
        discussion: "Exit status: 0 sound, 1 damaged, 2 no registry.")

    func run() throws {
        let home = FlotillaHome.fromEnvironment()
        let problems = try Registry.integrityCheck(home: home)
        if problems == ["ok"] {
            Terminal.standardOutput.write("\(home.databasePath): ok\n")
            return
        }
        for problem in problems.prefix(20) { Terminal.standardOutput.write("\(home.databasePath): \(problem)\n") }
        throw CommandFailure(
            "the registry is damaged: restore a copy made with `flotilla registry backup FILE` "
                + "(stop every flotilla, then copy it over \(home.databasePath))")
    }
}
