import FleetTesting
import Foundation

/// A real Git repository made by a test: files written, removed and committed with `git`.
struct GitRepository {
    let folder: TemporaryFolder
    var path: String { folder.path + "/repo" }

    init() async throws {
        folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/repo", withIntermediateDirectories: true)
        try await git("init", "--quiet", "--initial-branch=main")
        try await git("config", "user.email", "test@flotilla.dev")
        try await git("config", "user.name", "Flotilla Test")
    }

    func write(_ file: String, _ contents: String) throws {
        _ = try folder.write("repo/" + file, contents)
    }

    func remove(_ file: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + file)
    }

    /// Commits everything and returns the commit's SHA.
    @discardableResult
    func commit(_ message: String) async throws -> String {
        try await git("add", "--all")
        try await git("commit", "--quiet", "--allow-empty", "-m", message)
        return try await git("rev-parse", "HEAD").standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    private func git(_ arguments: String...) async throws -> FlotillaProcess.Result {
        let result = try await CommandLineTool.run("git", ["-C", path] + arguments)
        guard result.status == 0 else { throw GitFailure(message: result.standardError) }
        return result
    }

    struct GitFailure: Error { let message: String }
}
