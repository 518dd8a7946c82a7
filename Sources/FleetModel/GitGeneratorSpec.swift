/// The settings of a `git` generator: one param set per folder or per file of a repository.
public struct GitGeneratorSpec: Sendable {
    /// One `directories` entry: a glob over folder paths, or (`exclude: true`) folders to leave out.
    public struct DirectoryPattern: Sendable, Equatable {
        /// The glob, relative to the repository root (`apps/*`).
        public var path: String
        /// Whether folders matching `path` are removed rather than added.
        public var exclude: Bool
    }

    /// What the generator walks: folders or files.
    public enum Selection: Sendable, Equatable {
        /// `directories`: folders matching an included glob and no excluded one.
        case directories([DirectoryPattern])
        /// `files`: files matching one of the globs, their JSON or YAML content as params.
        case files([String])
    }

    /// The repository, as a source's `repoURL` (a URL, or a local path relative to the fleet file).
    public var repoURL: String
    /// A branch, tag or commit; `HEAD` when not written.
    public var revision: String
    /// Folders or files.
    public var selection: Selection
    /// When set, path params are named `<prefix>.path`, `<prefix>.path.basename`, ….
    public var pathParamPrefix: String?
    /// Extra params under `values`, templated with the generated ones.
    public var values: FieldReader?
}

extension GitGeneratorSpec {
    /// Decodes a `git` generator body. `repoURL` and `revision` are literal: a repository is
    /// read once per run, before generators run, so it cannot depend on another generator's params.
    init(reading body: FieldReader) throws(FleetModelError) {
        try body.rejectUnknownKeys([
            "repoURL", "revision", "directories", "files", "pathParamPrefix", "values", "template",
            "requeueAfterSeconds",
        ])
        let urlReader = try body.required("repoURL")
        repoURL = try urlReader.nonEmptyString()
        revision = try body.optional("revision").map { reader throws(FleetModelError) in try reader.string() } ?? ""
        if revision.isEmpty { revision = "HEAD" }
        for (name, text) in [("repoURL", repoURL), ("revision", revision)] where text.contains("<<") {
            throw try body.required(name).error(
                "\(name) of a git generator must be literal: a repository is read before any generator runs")
        }
        if revision.hasPrefix("-") { throw try body.required("revision").error("\"\(revision)\" is not a revision") }
        pathParamPrefix = try body.optional("pathParamPrefix").map { reader throws(FleetModelError) in
            try reader.nonEmptyString()
        }
        values = try body.optional("values")
        if let values { _ = try values.object() }
        selection = try Self.selection(body)
    }

    private static func selection(_ body: FieldReader) throws(FleetModelError) -> Selection {
        let directories = try body.optional("directories")
        let files = try body.optional("files")
        switch (directories, files) {
        case (let directories?, nil):
            var patterns: [DirectoryPattern] = []
            for entry in try directories.elements() {
                try entry.rejectUnknownKeys(["path", "exclude"])
                let exclude = try entry.optional("exclude").map { reader throws(FleetModelError) in try reader.bool() }
                patterns.append(
                    DirectoryPattern(path: try globPath(try entry.required("path")), exclude: exclude ?? false))
            }
            guard patterns.contains(where: { !$0.exclude }) else {
                throw directories.error("needs at least one entry without exclude: true")
            }
            return .directories(patterns)
        case (nil, let files?):
            var globs: [String] = []
            for entry in try files.elements() {
                try entry.rejectUnknownKeys(["path"])
                globs.append(try globPath(try entry.required("path")))
            }
            guard !globs.isEmpty else { throw files.error("needs at least one entry") }
            return .files(globs)
        case (.some, .some):
            throw body.error("a git generator takes directories or files, not both")
        case (nil, nil):
            throw body.error("a git generator needs directories or files")
        }
    }

    /// A glob relative to the repository root, without `..` segments.
    private static func globPath(_ reader: FieldReader) throws(FleetModelError) -> String {
        let path = try reader.nonEmptyString()
        if path.hasPrefix("/") { throw reader.error("\"\(path)\" must be relative to the repository root") }
        if path.split(separator: "/").contains("..") {
            throw reader.error("\"\(path)\" must not climb out of the repository with \"..\"")
        }
        return path
    }
}
