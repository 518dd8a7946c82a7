import FleetModel

/// Which repository tree a git generator reads: its `repoURL` and `revision` as written, and
/// the folder of its fleet file (a relative local `repoURL` is taken from there).
public struct RepositoryKey: Sendable, Hashable, CustomStringConvertible {
    /// The repository as written in the generator.
    public var repoURL: String
    /// The branch, tag or commit as written (`HEAD` when not written).
    public var revision: String
    /// The fleet file's folder.
    public var baseDirectory: String

    /// The key of `repoURL` at `revision`, written in a fleet file in `baseDirectory`.
    public init(repoURL: String, revision: String, baseDirectory: String) {
        self.repoURL = repoURL
        self.revision = revision
        self.baseDirectory = baseDirectory
    }

    /// `repoURL@revision`, for messages.
    public var description: String { "\(repoURL)@\(revision)" }
}

/// One entry of a repository's tree at a commit.
public struct RepositoryEntry: Sendable, Hashable {
    /// What the entry is. Links and submodules are listed but never followed.
    public enum Kind: Sendable, Hashable {
        case folder, file, link, other
    }

    /// The path from the repository root, without a leading `/`.
    public var path: String
    /// Folder, file, link or other.
    public var kind: Kind
    /// The size in bytes of a file; 0 for the others.
    public var size: Int
    /// The object id the reader needs to read a file's content.
    public var object: String

    /// An entry at `path`.
    public init(path: String, kind: Kind, size: Int, object: String) {
        self.path = path
        self.kind = kind
        self.size = size
        self.object = object
    }
}

/// Reads repository trees for git generators: lists a tree and reads a file of it. Implemented
/// over the same Git mirrors as sources (`MirrorTreeReader` in the command line), and by fakes in tests.
public protocol RepositoryTreeReader: Sendable {
    /// Every entry of `key`'s tree at its revision, folders included, in path order.
    func entries(of key: RepositoryKey) async throws -> [RepositoryEntry]
    /// The text of `entry` (a file listed by `entries(of:)`), read in full.
    func contents(of entry: RepositoryEntry, in key: RepositoryKey) async throws -> String
}
