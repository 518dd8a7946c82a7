import FleetModel

/// The repository trees a fleet's git generators read, each read once per run.
public struct RepositorySnapshots: Sendable {
    /// Key → its snapshot.
    public var snapshots: [RepositoryKey: RepositorySnapshot]

    /// The snapshots `snapshots` (none by default: a fleet without git generators).
    public init(_ snapshots: [RepositoryKey: RepositorySnapshot] = [:]) {
        self.snapshots = snapshots
    }

    /// How much of a hostile repository a git generator reads.
    public struct Limits: Sendable, Equatable {
        /// Files one `files` generator may match in one repository.
        public var maxFiles: Int
        /// Bytes of one matched file.
        public var maxFileBytes: Int

        /// Limits; 10,000 files of at most 1 MiB each by default.
        public init(maxFiles: Int = 10_000, maxFileBytes: Int = 1 << 20) {
            self.maxFiles = maxFiles
            self.maxFileBytes = maxFileBytes
        }
    }

    /// Reads, through `reader`, every repository that a git generator of `fleet` names: each
    /// tree listed once, and the files the `files` generators match read once, within `limits`.
    public static func load(
        for fleet: Fleet, reader: any RepositoryTreeReader, limits: Limits = Limits()
    ) async throws(GeneratorError) -> RepositorySnapshots {
        var wanted: [RepositoryKey: (generator: Generator, globs: [PathGlob])] = [:]
        var order: [RepositoryKey] = []
        let catalog = try? ProjectCatalog(fleet)
        for case .applicationSet(let set) in fleet.documents {
            for (generator, spec) in gitGenerators(set.generators) {
                try permitted(spec.repoURL, for: set, generator: generator, catalog: catalog)
                let key = RepositoryKey(generator, spec)
                if wanted[key] == nil { order.append(key) }
                var entry = wanted[key] ?? (generator, [])
                if case .files(let globs) = spec.selection { entry.globs += globs.map(PathGlob.init) }
                wanted[key] = entry
            }
        }
        var snapshots: [RepositoryKey: RepositorySnapshot] = [:]
        for key in order {
            guard let (generator, globs) = wanted[key] else { continue }
            snapshots[key] = try await snapshot(key, globs: globs, generator: generator, reader: reader, limits: limits)
        }
        return RepositorySnapshots(snapshots)
    }

    private static func snapshot(
        _ key: RepositoryKey, globs: [PathGlob], generator: Generator, reader: any RepositoryTreeReader,
        limits: Limits
    ) async throws(GeneratorError) -> RepositorySnapshot {
        func failure(_ message: String) -> GeneratorError {
            .generatorFailed(generator.location, path: generator.path, message: "\(key): \(message)")
        }
        var snapshot: RepositorySnapshot
        do {
            snapshot = RepositorySnapshot(entries: try await reader.entries(of: key))
        } catch {
            throw failure("cannot read the repository: \(Self.message(error))")
        }
        guard !globs.isEmpty else { return snapshot }
        let matched = snapshot.files(matching: globs)
        if matched.count > limits.maxFiles {
            throw failure("files generators match \(matched.count) files; at most \(limits.maxFiles) are read")
        }
        for entry in matched {
            if entry.size > limits.maxFileBytes {
                throw failure("\(entry.path) is \(entry.size) bytes; a generator file may hold \(limits.maxFileBytes)")
            }
            do {
                snapshot.files[entry.path] = try await reader.contents(of: entry, in: key)
            } catch {
                throw failure("cannot read \(entry.path): \(Self.message(error))")
            }
        }
        return snapshot
    }

    /// The reader's message: its errors describe themselves (`ReconcileError`).
    private static func message(_ error: any Error) -> String {
        String(describing: error)
    }

    /// A git generator reads its repository (with any stored credential) before any
    /// Application exists: the repository must be one the ApplicationSet's project permits as
    /// a source, or one team's fleet file could copy another team's private files into params.
    /// Checked when the template names its project literally (a templated project is checked
    /// per Application, after generation, as sources are).
    private static func permitted(
        _ repoURL: String, for set: ApplicationSet, generator: Generator, catalog: ProjectCatalog?
    ) throws(GeneratorError) {
        guard let written = set.template?.value["spec"]?["project"]?.stringValue, !written.contains("<<"),
            let project = catalog?.project(named: written),
            let rule = project.sourceRefusal(repoURL)
        else { return }
        throw .generatorFailed(
            generator.location, path: generator.path, message: "the git generator's repository: \(rule)")
    }

    /// The git generators among `generators`, those inside matrix and merge included.
    private static func gitGenerators(_ generators: [Generator]) -> [(Generator, GitGeneratorSpec)] {
        generators.flatMap { generator -> [(Generator, GitGeneratorSpec)] in
            switch generator.kind {
            case .git(let spec): [(generator, spec)]
            case .matrix(let children), .merge(_, let children): gitGenerators(children)
            case .list, .clusters: []
            }
        }
    }
}
