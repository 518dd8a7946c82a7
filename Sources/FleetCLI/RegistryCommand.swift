import ArgumentParser
import Registry

/// `flotilla registry`: the registry file itself — check it, back it up.
struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Check the registry database or back it up.",
        subcommands: [RegistryCheckCommand.self, RegistryBackupCommand.self]
    )
}
