import Generators
import Reconcile

/// Reads repository trees for git generators from the same Git mirrors as sources
/// (`$FLOTILLA_HOME/repos`), through a `SourceRenderer`; with `offline`, from existing mirrors only.
/// Over an engine's renderer, a repository both generators and sources read is fetched once per run.
public struct MirrorTreeReader: RepositoryTreeReader {
    /// The renderer whose mirrors and memos are used.
    public let renderer: SourceRenderer
    /// Whether to read mirrors without fetching.
    public let offline: Bool
    /// How large one read file may be.
    public let maxFileBytes: Int

    /// A reader over `renderer`'s mirrors, fetching unless `offline`, reading files of at most
    /// `maxFileBytes` (the generators' limit by default).
    public init(
        renderer: SourceRenderer, offline: Bool = false,
        maxFileBytes: Int = RepositorySnapshots.Limits().maxFileBytes
    ) {
        self.renderer = renderer
        self.offline = offline
        self.maxFileBytes = maxFileBytes
    }

    public func entries(of key: RepositoryKey) async throws -> [RepositoryEntry] {
        try await renderer.treeEntries(
            repoURL: key.repoURL, revision: key.revision, baseDirectory: key.baseDirectory, offline: offline
        ).map { entry in
            let kind: RepositoryEntry.Kind
            switch entry.kind {
            case .tree: kind = .folder
            case .blob: kind = .file
            case .link: kind = .link
            case .submodule: kind = .other
            }
            return RepositoryEntry(path: entry.path, kind: kind, size: entry.size, object: entry.object)
        }
    }

    public func contents(of entry: RepositoryEntry, in key: RepositoryKey) async throws -> String {
        try await renderer.blobText(
            entry.object, repoURL: key.repoURL, baseDirectory: key.baseDirectory, maxBytes: maxFileBytes + 1)
    }
}

extension Engine {
    /// Git generators' repositories read from this engine's mirrors, so that a repository both
    /// generators and sources read is fetched once per run.
    public var trees: MirrorTreeReader { MirrorTreeReader(renderer: renderer) }
}
