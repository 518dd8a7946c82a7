import Generators

/// Repository trees in memory for git generators: each repository URL → its files (path → text);
/// folders are derived from the paths. A repository it does not hold cannot be read.
public struct MemoryTrees: RepositoryTreeReader {
    /// Repository URL → file path → text.
    public let repositories: [String: [String: String]]

    /// Trees of `repositories` (none by default: a fleet without git generators).
    public init(_ repositories: [String: [String: String]] = [:]) {
        self.repositories = repositories
    }

    /// Why a repository could not be read.
    public struct Unknown: Error, CustomStringConvertible {
        /// The repository asked for.
        public let repoURL: String
        public var description: String { "no repository \(repoURL) in this test" }
    }

    public func entries(of key: RepositoryKey) async throws -> [RepositoryEntry] {
        guard let files = repositories[key.repoURL] else { throw Unknown(repoURL: key.repoURL) }
        return Self.entries(files: files)
    }

    /// The entries of a tree of `files` (path → text) in path order, its folders derived from
    /// the paths; a file's object is its path.
    public static func entries(files: [String: String]) -> [RepositoryEntry] {
        var folders: Set<String> = []
        for path in files.keys {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                folders.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        let entries =
            folders.map { RepositoryEntry(path: $0, kind: .folder, size: 0, object: $0) }
            + files.map { RepositoryEntry(path: $0.key, kind: .file, size: $0.value.utf8.count, object: $0.key) }
        return entries.sorted { $0.path < $1.path }
    }

    public func contents(of entry: RepositoryEntry, in key: RepositoryKey) async throws -> String {
        guard let text = repositories[key.repoURL]?[entry.object] else { throw Unknown(repoURL: key.repoURL) }
        return text
    }
}
