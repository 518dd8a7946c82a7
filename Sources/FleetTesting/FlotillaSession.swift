import Foundation

/// A private `FLOTILLA_HOME` and `HOME` for end-to-end runs of `flotilla`, so a
/// test never sees the user's registry or kubeconfig.
public struct FlotillaSession: Sendable {
    /// The temporary folder holding everything.
    public let folder: TemporaryFolder
    /// Extra environment for every run.
    public var environment: [String: String]

    /// A session in a new temporary folder.
    public init() throws {
        folder = try TemporaryFolder()
        environment = [
            "FLOTILLA_HOME": folder.path + "/flotilla-home", "HOME": folder.path + "/home", "KUBECONFIG": "",
            "FLOTILLA_KEY": "",
        ]
    }

    /// `$FLOTILLA_HOME` of this session.
    public var home: String { environment["FLOTILLA_HOME"]! }

    /// Runs `flotilla arguments…` in the session folder, waiting on a thread of its own so
    /// that tests never block Swift's cooperative pool (in-process sandboxes answer on it).
    public func run(
        _ arguments: [String], environment extra: [String: String] = [:]
    ) async throws
        -> FlotillaProcess.Result
    {
        try await CommandLineTool.run(
            FlotillaProcess.binaryPath, arguments, environment: environment.merging(extra) { $1 }, in: folder.path)
    }

    /// Removes the session's files.
    public func remove() {
        folder.remove()
    }
}
