import ArgumentParser

/// `flotilla cluster remove`.
struct ClusterRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove registered clusters (all or none).", aliases: ["rm"])

    @Argument(help: "The clusters' names.")
    var names: [String]

    func validate() throws {
        if names.isEmpty { throw ValidationError("name at least one cluster") }
    }

    func run() throws {
        do {
            guard let registry = try RegistryAccess.openExisting() else {
                throw CommandFailure("cluster \"\(names[0])\" is not registered")
            }
            try registry.remove(names)
            Terminal.standardOutput.write(names.map { "cluster/\($0) removed\n" }.joined())
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(error)
        }
    }
}
