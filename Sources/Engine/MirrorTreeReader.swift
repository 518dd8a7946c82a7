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
    /// How long one read (its fetch included) may take, and on which clock; nil: git's own bound.
    let deadline: (duration: Duration, clock: any Clock<Duration>)?

    /// A reader over `renderer`'s mirrors, fetching unless `offline`, reading files of at most
    /// `maxFileBytes` (the generators' limit by default).
    public init(
        renderer: SourceRenderer, offline: Bool = false,
        maxFileBytes: Int = RepositorySnapshots.Limits().maxFileBytes
    ) {
        self.init(renderer: renderer, offline: offline, maxFileBytes: maxFileBytes, deadline: nil)
    }

    init(
        renderer: SourceRenderer, offline: Bool, maxFileBytes: Int,
        deadline: (duration: Duration, clock: any Clock<Duration>)?
    ) {
        self.renderer = renderer
        self.offline = offline
        self.maxFileBytes = maxFileBytes
        self.deadline = deadline
    }

    public func entries(of key: RepositoryKey) async throws -> [RepositoryEntry] {
        let renderer = renderer
        let offline = offline
        return try await bounded {
            try await renderer.treeEntries(
                repoURL: key.repoURL, revision: key.revision, baseDirectory: key.baseDirectory, offline: offline)
        }.map { entry in
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
        let renderer = renderer
        let maxBytes = maxFileBytes + 1
        return try await bounded {
            try await renderer.blobText(
                entry.object, repoURL: key.repoURL, baseDirectory: key.baseDirectory, maxBytes: maxBytes)
        }
    }

    /// `work` within the deadline: past it, its git is cancelled (killed) and the read fails, as a
    /// target's render does, instead of holding the whole run (serve's cycle) behind a hung fetch.
    private func bounded<Value: Sendable>(
        _ work: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        guard let deadline else { return try await work() }
        let outcome = await withDeadline(deadline.duration, on: deadline.clock) {
            () async -> Result<Value, any Error> in
            do {
                return .success(try await work())
            } catch {
                return .failure(error)
            }
        } stopped: { why in
            .failure(ReadStopped(description: why))
        }
        return try outcome.get()
    }

    /// A read cut at the deadline (or cancelled); says which.
    struct ReadStopped: Error, CustomStringConvertible {
        let description: String
    }
}

extension Engine {
    /// Git generators' repositories read from this engine's mirrors, so that a repository both
    /// generators and sources read is fetched once per run; each read within the per-target deadline.
    public var trees: MirrorTreeReader {
        MirrorTreeReader(
            renderer: renderer, offline: false, maxFileBytes: RepositorySnapshots.Limits().maxFileBytes,
            deadline: (deadline, clock))
    }
}
