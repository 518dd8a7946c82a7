import ArgumentParser
import Reconcile

/// `flotilla version`: the version, and the tools Flotilla renders sources with.
struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print Flotilla's version and how it renders Helm charts.")

    func run() async throws {
        let version = FlotillaCommand.configuration.version
        Terminal.standardOutput.write("flotilla \(version)\n\(await HelmBackendChoice.shared.summary())\n")
        Terminal.standardOutput.flush()
    }
}
