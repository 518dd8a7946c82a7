import Generators
import Reconcile

/// Reads repository trees for git generators from the same Git mirrors as sources
/// (`$FLOTILLA_HOME/repos`), through a `SourceRenderer`; with `offline`, from existing mirrors only.
struct MirrorTreeReader: RepositoryTreeReader {
    /// The renderer whose mirrors and memos are used.
    let renderer: SourceRenderer
    /// Whether to read mirrors without fetching.
    let offline: Bool
    /// How large one read file may be.
    let maxFileBytes: Int

    func entries(of key: RepositoryKey) async throws -> [RepositoryEntry] {
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

    func contents(of entry: RepositoryEntry, in key: RepositoryKey) async throws -> String {
        try await renderer.blobText(
            entry.object, repoURL: key.repoURL, baseDirectory: key.baseDirectory, maxBytes: maxFileBytes + 1)
    }
}
