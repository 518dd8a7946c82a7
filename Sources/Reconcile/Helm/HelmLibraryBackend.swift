import Foundation
import HelmNative

/// Helm as a library (`libhelm_c.so`), run in a worker process: `flotilla helm-render`, the
/// same binary, loads the library, renders one request and exits. A chart that loops or
/// allocates without end costs that process (killed at `deadline`, out of memory at
/// `memoryLimit`, its output cut at `outputLimit`), never Flotilla.
public struct HelmLibraryBackend: HelmBackend {
    /// The library file.
    public var library: String
    /// `0.2.2`, the helm-c release, when known.
    public var version: String?
    /// The executable that answers `helm-render` (the running `flotilla`).
    public var worker: String
    /// How long one render may take.
    public var deadline: Duration
    /// The worker's address-space bound.
    public var memoryLimit: Int
    /// How much it may print.
    public var outputLimit: Int

    /// A backend loading `library` in `worker` processes.
    public init(
        library: String, version: String? = nil, worker: String, deadline: Duration = .seconds(120),
        memoryLimit: Int = HelmWorkerLimits.defaultMemoryBytes, outputLimit: Int = 256 << 20
    ) {
        self.library = library
        self.version = version
        self.worker = worker
        self.deadline = deadline
        self.memoryLimit = memoryLimit
        self.outputLimit = outputLimit
    }

    /// `libhelm_c 0.2.2 at …/helm_python/lib/libhelm_c.so`.
    public var description: String { "libhelm_c" + (version.map { " \($0)" } ?? "") + " at \(library)" }

    /// The subcommand the worker answers.
    public static let workerCommand = "helm-render"
    /// The subcommand that pulls OCI charts.
    public static let pullCommand = "helm-pull"

    public func pull(
        _ reference: String, version: String, into destination: String, access: HelmRegistryAccess
    ) async throws(ReconcileError) {
        let folder = try PrivateFolder.make(prefix: "flotilla-helm-registry-", purpose: "a Helm registry login")
        defer { PrivateFolder.remove(folder) }
        let logins = try RegistryLoginFolder.prepare(folder)
        var arguments = [
            Self.pullCommand, "--library", library, "--memory-limit", String(memoryLimit), "--version", version,
            "--destination", destination, "--credentials-file", logins.credentialsFile,
        ]
        var sent = access
        if let authority = access.certificateAuthority {
            let file = try PrivateFolder.write(authority, named: "ca.pem", in: folder, what: "a registry's CA bundle")
            arguments += ["--ca-file", file]
            sent.certificateAuthority = nil
        }
        var input: [UInt8]?
        if access != .anonymous {
            // The password goes through the worker's standard input: never its arguments or environment.
            do {
                input = Array(try JSONEncoder().encode(sent))
            } catch {
                throw ReconcileError("cannot encode the registry access of \(reference)")
            }
            arguments.append("--access-stdin")
        }
        let result = await ExternalCommand.run(
            worker, arguments + ["--", reference], environment: logins.environment, deadline: deadline,
            outputLimit: 1 << 20, input: input)
        guard result.status == 0 else {
            throw ReconcileError(
                access.redacted(
                    result.errorText.isEmpty ? "the Helm worker failed (exit \(result.status))" : result.errorText))
        }
    }

    public func render(_ request: HelmRenderRequest) async throws(ReconcileError) -> HelmRenderOutput {
        let folder = try HelmScratch.make()
        defer { HelmScratch.remove(folder) }
        let requestFile: String
        do {
            requestFile = try HelmScratch.write(
                String(decoding: try JSONEncoder().encode(request), as: UTF8.self), named: "request.json", in: folder)
        } catch let error as ReconcileError {
            throw error
        } catch {
            throw ReconcileError("cannot encode a Helm render request: \(error)")
        }
        let result = await ExternalCommand.run(
            worker,
            [Self.workerCommand, "--library", library, "--memory-limit", String(memoryLimit), requestFile],
            deadline: deadline, outputLimit: outputLimit)
        switch result.status {
        case 0:
            do {
                return try JSONDecoder().decode(HelmRenderOutput.self, from: Data(result.output.utf8))
            } catch {
                throw ReconcileError("the Helm worker's answer does not decode: \(error)")
            }
        case 124:
            throw ReconcileError("Helm did not finish rendering within \(deadline): the chart's templates run too long")
        case 125: throw ReconcileError("Helm rendered more than \(outputLimit) bytes: refusing the output")
        default:
            let text = result.errorText
            if text.contains("out of memory") || text.contains("cannot allocate memory") {
                throw ReconcileError("Helm ran out of memory rendering the chart (limit \(memoryLimit >> 20) MiB)")
            }
            throw ReconcileError(text.isEmpty ? "the Helm worker failed (exit \(result.status))" : text)
        }
    }
}
