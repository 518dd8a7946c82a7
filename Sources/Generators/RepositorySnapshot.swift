import FleetModel

/// One repository tree as git generators see it: its entries, and the text of the files a
/// `files` generator matches. Made before generators run, so that they stay free of I/O.
public struct RepositorySnapshot: Sendable {
    /// Every entry, in path order.
    public var entries: [RepositoryEntry]
    /// Matched file path → its text.
    public var files: [String: String]

    /// A snapshot of `entries`, with the text of `files`.
    public init(entries: [RepositoryEntry], files: [String: String] = [:]) {
        self.entries = entries
        self.files = files
    }

    /// The folders (hidden ones and those under them left out) matching an included pattern
    /// and no excluded one, in path order.
    func folders(matching patterns: [GitGeneratorSpec.DirectoryPattern]) -> [String] {
        let included = patterns.filter { !$0.exclude }.map { PathGlob($0.path) }
        let excluded = patterns.filter(\.exclude).map { PathGlob($0.path) }
        return entries.lazy.filter { $0.kind == .folder && !Self.isHidden($0.path) }.map(\.path).filter { path in
            included.contains { $0.matches(path) } && !excluded.contains { $0.matches(path) }
        }
    }

    /// The files matching one of `globs`, in path order.
    func files(matching globs: [PathGlob]) -> [RepositoryEntry] {
        entries.filter { entry in entry.kind == .file && globs.contains { $0.matches(entry.path) } }
    }

    /// Whether a path has a segment starting with `.` (`.git`, `.github`): Argo CD skips those folders.
    private static func isHidden(_ path: String) -> Bool {
        path.split(separator: "/").contains { $0.hasPrefix(".") }
    }
}
