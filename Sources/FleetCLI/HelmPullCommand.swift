import ArgumentParser
import HelmNative
import Reconcile

/// `flotilla helm-pull`: the library backend's worker for OCI charts (not for people): pulls
/// one chart into a folder and exits, bounded like `helm-render`.
struct HelmPullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: HelmLibraryBackend.pullCommand, abstract: "Pull one OCI Helm chart with libhelm_c (internal).",
        shouldDisplay: false)

    @OptionGroup var worker: HelmWorkerOptions

    @Option(help: "The version or range.")
    var version: String

    @Option(help: "The folder the archive is written into.")
    var destination: String

    @Argument(help: "The chart: oci://host/path/chart.")
    var reference: String

    func run() throws {
        HelmWorkerLimits.limitMemory(to: worker.memoryLimit)
        do {
            try HelmLibrary(path: worker.library).pull(reference, version: version, into: destination)
        } catch {
            Terminal.standardError.write(error.message + "\n")
            Terminal.standardError.flush()
            throw ExitCode(1)
        }
    }
}
