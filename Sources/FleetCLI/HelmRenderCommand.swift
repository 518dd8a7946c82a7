import ArgumentParser
import Foundation
import HelmNative
import Reconcile

/// `flotilla helm-render`: the worker process of the Helm library backend (not for people).
/// It bounds its own memory, loads `libhelm_c.so`, renders the request file, prints the
/// output as JSON and exits: a chart that loops or allocates without end costs this process.
struct HelmRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: HelmLibraryBackend.workerCommand, abstract: "Render one Helm request with libhelm_c (internal).",
        shouldDisplay: false)

    @OptionGroup var worker: HelmWorkerOptions

    @Argument(help: "The request (JSON).")
    var request: String

    func run() throws {
        HelmWorkerLimits.limitMemory(to: worker.memoryLimit)
        do {
            guard let data = FileManager.default.contents(atPath: request) else {
                throw HelmLibraryError("cannot read the render request \(request)")
            }
            let decoded = try JSONDecoder().decode(HelmRenderRequest.self, from: data)
            let output = try HelmRenderJob(library: try HelmLibrary(path: worker.library)).run(decoded)
            Terminal.standardOutput.write(String(decoding: try JSONEncoder().encode(output), as: UTF8.self))
            Terminal.standardOutput.flush()
        } catch let error as HelmLibraryError {
            Terminal.standardError.write(error.message + "\n")
            Terminal.standardError.flush()
            throw ExitCode(1)
        } catch {
            Terminal.standardError.write("\(error)\n")
            Terminal.standardError.flush()
            throw ExitCode(1)
        }
    }
}
