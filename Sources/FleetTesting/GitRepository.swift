import Foundation

/// A real Git repository made by a test: files written, removed and committed with `git`.
public struct GitRepository: Sendable {
    /// The temporary folder holding the repository (in `repo/`).
    public let folder: TemporaryFolder
    /// The repository's working tree.
    public var path: String { folder.path + "/repo" }

    /// An empty repository on branch `main`.
    public init() async throws {
        folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/repo", withIntermediateDirectories: true)
        try await git("init", "--quiet", "--initial-branch=main")
        try await git("config", "user.email", "test@flotilla.dev")
        try await git("config", "user.name", "Flotilla Test")
    }

    /// Writes `file` (relative to the working tree).
    public func write(_ file: String, _ contents: String) throws {
        _ = try folder.write("repo/" + file, contents)
    }

    /// Removes `file` from the working tree.
    public func remove(_ file: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + file)
    }

    /// Commits everything and returns the commit's SHA.
    @discardableResult
    public func commit(_ message: String) async throws -> String {
        try await git("add", "--all")
        try await git("commit", "--quiet", "--allow-empty", "-m", message)
        return try await git("rev-parse", "HEAD").standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Tags the current commit `name`.
    public func tag(_ name: String) async throws {
        try await git("tag", name)
    }

    /// Writes every file under `folder` into the working tree, at the same relative paths.
    public func copy(from folder: String) throws {
        let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        for file in files.sorted() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + file, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            try write(file, try String(contentsOfFile: folder + "/" + file, encoding: .utf8))
        }
    }

    @discardableResult
    private func git(_ arguments: String...) async throws -> FlotillaProcess.Result {
        let result = try await CommandLineTool.run("git", ["-C", path] + arguments)
        guard result.status == 0 else { throw GitFailure(message: result.standardError) }
        return result
    }

    /// A `git` command failed; its stderr.
    public struct GitFailure: Error {
        /// What git said.
        public let message: String
    }
}
