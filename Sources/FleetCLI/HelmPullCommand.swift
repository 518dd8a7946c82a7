import ArgumentParser
import Foundation
import HelmNative
import Reconcile

/// `flotilla helm-pull`: the library backend's worker for OCI charts (not for people): pulls
/// one chart into a folder and exits, bounded like `helm-render`. A registry login comes as
/// JSON on standard input (`--access-stdin`), never in the arguments, which `ps` shows.
struct HelmPullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: HelmLibraryBackend.pullCommand, abstract: "Pull one OCI Helm chart with libhelm_c (internal).",
        shouldDisplay: false)

    @OptionGroup var worker: HelmWorkerOptions

    @Option(help: "The version or range.")
    var version: String

    @Option(help: "The folder the archive is written into.")
    var destination: String

    @Option(help: "The registry client's credentials file (in a private folder its caller removes).")
    var credentialsFile: String?

    @Option(help: "The CA bundle the registry's certificate must chain to (with a login).")
    var caFile: String?

    @Flag(help: "Read the registry access (JSON: login, insecureSkipTLSVerify) from standard input.")
    var accessStdin = false

    @Argument(help: "The chart: oci://host/path/chart.")
    var reference: String

    /// The most standard input read for the access.
    static let maxAccessBytes = 1 << 16

    func run() throws {
        HelmWorkerLimits.limitMemory(to: worker.memoryLimit)
        do {
            try HelmLibrary(path: worker.library).pull(
                reference, version: version, into: destination, access: try access(),
                credentialsFile: credentialsFile, certificateAuthorityFile: caFile)
        } catch {
            Terminal.standardError.write(error.message + "\n")
            Terminal.standardError.flush()
            throw ExitCode(1)
        }
    }

    /// The access read from standard input, or anonymous.
    private func access() throws(HelmLibraryError) -> HelmRegistryAccess {
        guard accessStdin else { return .anonymous }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard data.count <= Self.maxAccessBytes,
            let access = try? JSONDecoder().decode(HelmRegistryAccess.self, from: data)
        else { throw HelmLibraryError("the registry access on standard input does not decode") }
        return access
    }
}
