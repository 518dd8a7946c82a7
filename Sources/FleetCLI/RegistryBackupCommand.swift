import ArgumentParser
import Registry

/// `flotilla registry backup FILE`: a consistent copy through SQLite's online backup.
struct RegistryBackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the registry into a new file with SQLite's online backup (safe while flotilla runs).")

    @Argument(help: ArgumentHelp("The new file.", valueName: "file"))
    var file: String

    func run() throws {
        try RegistryAccess.requireExisting().backup(to: file)
        Terminal.standardOutput.write("registry backed up to \(file)\n")
    }
}
