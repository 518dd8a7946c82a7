import ArgumentParser

/// `flotilla import`: fleet files from another tool's files.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert another tool's files into fleet files.",
        subcommands: [ImportArgoCDCommand.self]
    )
}
