import FleetModel
import Foundation

/// The manifests of an Application's source, and the commit they came from.
public struct RenderedSource: Sendable, Equatable {
    /// The objects, in file order.
    public var manifests: [Manifest]
    /// The commit SHA for Git sources; nil for a plain folder.
    public var revision: String?
}

/// Renders Application sources: Git repositories through the `git` command, with a bare
/// mirror per repository under the cache folder, or plain local folders.
///
/// A renderer serves one run over a fleet: it fetches a repository and resolves a revision
/// once, and renders each (commit, path, options) or local folder once, however many
/// targets share it. Make a new renderer to see new commits.
public struct SourceRenderer: Sendable {
    /// Where mirrors live: `$FLOTILLA_HOME/repos`.
    public let cacheDirectory: String
    /// Which local folders may be sources.
    public let localSources: LocalSourcePolicy
    /// How much one render may unpack.
    public let limits: RenderLimits
    /// Told about each fetch from a remote (metrics), when set.
    public let gitObserver: GitRequestObserver?
    /// The credentials stored for remotes (`flotilla repo add`).
    public let credentials: RepositoryCredentials
    let locks = RepositoryLocks()
    /// Local folder → whether it is a Git work tree (asked of `git` once per folder).
    let folderKinds = Memo<Bool>()
    /// Repository URL and revision → commit.
    let commits = Memo<String>()
    /// Source location, commit, path and options → manifests.
    let renders = Memo<RenderedSource>()
    /// Renders Helm charts, with their cache.
    public let helm: HelmChartRenderer
    /// Repository, commit and path → the chart folder's Git tree id, or "" when it holds no `Chart.yaml`.
    let charts = Memo<String>()
    /// `ref` source repository and revision → the folder its tree is unpacked in.
    let references = Memo<String>()
    /// Helm repository URL → its index.
    let helmIndexes = Memo<HelmRepositoryIndex>()
    /// Chart archive URL → the archive's path in the cache.
    let helmArchives = Memo<String>()

    /// A renderer keeping its mirrors in `cacheDirectory`, reading local folders as
    /// `localSources` allows, unpacking at most `limits`, telling `gitObserver` about each fetch,
    /// rendering Helm charts with `helm`, reaching remotes with the stored `credentials`.
    public init(
        cacheDirectory: String, localSources: LocalSourcePolicy = .anywhere, limits: RenderLimits = RenderLimits(),
        gitObserver: GitRequestObserver? = nil, helm: HelmChartRenderer = HelmChartRenderer(),
        credentials: RepositoryCredentials = .none
    ) {
        self.cacheDirectory = cacheDirectory
        self.credentials = credentials
        self.localSources = localSources
        self.limits = limits
        self.gitObserver = gitObserver
        self.helm = helm
    }

    /// Renders `source`; a relative local `repoURL` is taken from `baseDirectory` (the fleet file's folder).
    /// A `path` holding `Chart.yaml` is rendered by Helm as `helmSettings` say (plain manifests without them).
    public func render(
        _ source: ApplicationSource, directory: DirectoryOptions = DirectoryOptions(), baseDirectory: String? = nil,
        helmSettings: HelmSourceSettings? = nil
    ) async throws(ReconcileError) -> RenderedSource {
        guard !Task.isCancelled else { throw ReconcileError("cancelled before rendering \(source.repoURL)") }
        if let chart = source.chart {
            return try await renderRepositoryChart(chart, of: source, settings: helmSettings)
        }
        let path = try Self.checkedPath(source.path ?? ".")
        let options = "\(directory.recurse)\n\(directory.include ?? "")\n\(directory.exclude ?? "")"
        let location = try Self.location(of: source.repoURL, baseDirectory: baseDirectory)
        if case .folder(let folder) = location {
            try localSources.check(folder, baseDirectory: baseDirectory, repoURL: source.repoURL)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw ReconcileError("repository \(source.repoURL) not found: \(folder) is not a folder")
            }
            if try await !folderKinds.value(folder, { await Self.isGitRepository(folder) }) {
                if let helmSettings, FileManager.default.fileExists(atPath: folder + "/" + path + "/Chart.yaml") {
                    return try await renderChart(inFolder: folder, path: path, settings: helmSettings)
                }
                return try await renders.value("folder\n\(folder)/\(path)\n\(options)") {
                    () async throws(ReconcileError) -> RenderedSource in
                    try TreeConfinement.check(folder + "/" + path, within: folder, limits: limits)
                    return RenderedSource(
                        manifests: try await ManifestReader.read(
                            folder + "/" + path, options: directory, root: folder),
                        revision: nil)
                }
            }
        }
        let remote: GitRemote
        switch location {
        case .folder(let folder): remote = try GitRemote(local: folder)
        case .remote(let url): remote = url
        }
        let revision = source.targetRevision
        guard !revision.hasPrefix("-") else {
            throw ReconcileError("targetRevision \"\(revision)\" is not a revision")
        }
        let url = remote.url
        let commit = try await commits.value("\(url)\n\(revision)") { () async throws(ReconcileError) -> String in
            try await locks.serialized(url) { () async throws(ReconcileError) -> String in
                try await resolve(revision, in: try await mirror(of: remote), remote: remote)
            }
        }
        if let helmSettings, let tree = try await chartTree(commit, path: path, remote: remote) {
            return try await renderChart(commit, path: path, remote: remote, chartTree: tree, settings: helmSettings)
        }
        return try await renders.value("git\n\(url)\n\(commit)\n\(path)\n\(options)") {
            () async throws(ReconcileError) -> RenderedSource in
            try await checkout(
                commit, path: path, from: cacheDirectory + "/" + Self.cacheName(url), url: url,
                directory: directory)
        }
    }

    enum Location {
        case folder(String)
        case remote(GitRemote)
    }

    static func location(of repoURL: String, baseDirectory: String?) throws(ReconcileError) -> Location {
        if GitRemote.isRemote(repoURL) { return .remote(try GitRemote(repoURL)) }
        let path = repoURL.hasPrefix("file://") ? String(repoURL.dropFirst("file://".count)) : repoURL
        if path.hasPrefix("/") { return .folder(path) }
        // Absolute, so that git never reads a relative path as anything but a path.
        let base = LocalSourcePolicy.absolute(baseDirectory ?? FileManager.default.currentDirectoryPath)
        return .folder(LocalSourcePolicy.normalized((base as NSString).appendingPathComponent(path)))
    }

    /// `path` made relative and checked not to climb out of the repository.
    public static func checkedPath(_ path: String) throws(ReconcileError) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." && !part.isEmpty {
            if part == ".." {
                guard !parts.isEmpty else { throw ReconcileError("source path \"\(path)\" escapes the repository") }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        if path.hasPrefix("/") && !parts.isEmpty {
            throw ReconcileError("source path \"\(path)\" must be relative to the repository")
        }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Whether `folder` is a repository itself (its top level, or a bare one), not merely a
    /// folder inside some repository's working tree, which is read as a plain folder.
    static func isGitRepository(_ folder: String) async -> Bool {
        let bare = await ExternalCommand.run("git", ["-C", folder, "rev-parse", "--is-bare-repository"])
        guard bare.status == 0 else { return false }
        if bare.output.trimmingCharacters(in: .whitespacesAndNewlines) == "true" { return true }
        let topLevel = await ExternalCommand.run("git", ["-C", folder, "rev-parse", "--show-toplevel"])
        func resolved(_ path: String) -> String {
            URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        }
        return topLevel.status == 0
            && resolved(topLevel.output.trimmingCharacters(in: .whitespacesAndNewlines)) == resolved(folder)
    }

    /// `git` with the remote's credential — its URL's own, else the one stored for it (see
    /// `GitAuthentication`) — and only file, https and ssh transports (never `ext::`, which
    /// runs commands). Whatever git prints has the credential's secrets taken out.
    private func git(
        _ arguments: [String], for remote: GitRemote, kind: GitRequestRecord.Kind = .fetch
    ) async throws(ReconcileError)
        -> ExternalCommand.Result
    {
        // A local repository (an absolute path) has nothing stored for it.
        let access = remote.url.hasPrefix("/") ? nil : try credentials.access(for: remote.url)
        let authentication = try GitAuthentication.prepare(for: remote, access: access) {
            () throws(ReconcileError) -> String in try askpass()
        }
        defer { authentication.remove() }
        let environment = ["GIT_ALLOW_PROTOCOL": "file:https:ssh"].merging(authentication.environment) { $1 }
        let clock = ContinuousClock()
        let start = clock.now
        var result = await ExternalCommand.run("git", arguments, environment: environment)
        result.errorText = authentication.redacted(result.errorText)
        gitObserver?(
            GitRequestRecord(repoURL: remote.url, kind: kind, duration: clock.now - start, failed: result.status != 0))
        return result
    }

    /// The askpass script (0700, no secret in it), written once into the cache folder.
    private func askpass() throws(ReconcileError) -> String {
        let path = cacheDirectory + "/askpass.sh"
        if FileManager.default.fileExists(atPath: path) { return path }
        do {
            try FileManager.default.createDirectory(
                atPath: cacheDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let staging = path + ".\(UUID().uuidString.prefix(8))"
            guard
                FileManager.default.createFile(
                    atPath: staging, contents: Data(GitRemote.askpassScript.utf8),
                    attributes: [.posixPermissions: 0o700])
            else {
                throw ReconcileError("cannot write the git askpass helper into \(cacheDirectory)")
            }
            try FileManager.default.moveItem(atPath: staging, toPath: path)
        } catch  where FileManager.default.fileExists(atPath: path) {
            return path
        } catch let error as ReconcileError {
            throw error
        } catch {
            throw ReconcileError("cannot write the git askpass helper: \(error.localizedDescription)")
        }
        return path
    }

    /// The bare mirror of `remote`, cloned on first use.
    func mirror(of remote: GitRemote) async throws(ReconcileError) -> String {
        let url = remote.url
        let mirror = cacheDirectory + "/" + Self.cacheName(url)
        if FileManager.default.fileExists(atPath: mirror + "/HEAD") { return mirror }
        do {
            try FileManager.default.createDirectory(
                atPath: cacheDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ReconcileError("cannot create the repository cache \(cacheDirectory): \(error.localizedDescription)")
        }
        let staging = mirror + ".tmp-\(UUID().uuidString.prefix(8))"
        let clone = try await git(["clone", "--mirror", "--quiet", "--", url, staging], for: remote)
        guard clone.status == 0 else {
            try? FileManager.default.removeItem(atPath: staging)
            throw ReconcileError("git clone \(url) failed: \(clone.errorText)")
        }
        do {
            try FileManager.default.moveItem(atPath: staging, toPath: mirror)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            if !FileManager.default.fileExists(atPath: mirror + "/HEAD") {
                throw ReconcileError("cannot store the mirror of \(url): \(error.localizedDescription)")
            }
        }
        return mirror
    }

    /// The commit `revision` names: a full SHA already in the mirror as it is; anything
    /// else (a branch, a tag, HEAD) after fetching.
    func resolve(
        _ revision: String, in mirror: String, remote: GitRemote
    ) async throws(ReconcileError) -> String {
        let url = remote.url
        let wanted = revision.isEmpty ? "HEAD" : revision
        let isSHA = wanted.count == 40 && wanted.allSatisfy(\.isHexDigit)
        let known = isSHA ? await revParse(wanted, mirror) : nil
        if known == nil {
            let fetch = try await git(["-C", mirror, "remote", "update", "--prune"], for: remote)
            guard fetch.status == 0 else { throw ReconcileError("git fetch \(url) failed: \(fetch.errorText)") }
        }
        guard let commit = await revParse(wanted, mirror) else {
            throw ReconcileError("revision \"\(wanted)\" does not exist in \(url)")
        }
        return commit
    }

    func revParse(_ revision: String, _ mirror: String) async -> String? {
        let result = await ExternalCommand.run(
            "git", ["-C", mirror, "rev-parse", "--verify", "--quiet", "--end-of-options", "\(revision)^{commit}"])
        let commit = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return result.status == 0 && !commit.isEmpty ? commit : nil
    }

    /// The tree of `repoURL` at `revision` (a branch, tag or commit), fetched into the mirror
    /// and unpacked into `folder` (made, 0700) with the render limits and link checks of a
    /// render: how `flotilla serve --fleet-repo` reads fleet files from Git. Returns the commit.
    public func export(
        repoURL: String, revision: String, into folder: String
    ) async throws(ReconcileError) -> String {
        guard !revision.hasPrefix("-") else { throw ReconcileError("revision \"\(revision)\" is not a revision") }
        let remote: GitRemote
        switch try Self.location(of: repoURL, baseDirectory: nil) {
        case .folder(let path): remote = try GitRemote(local: path)
        case .remote(let url): remote = url
        }
        let url = remote.url
        let commit = try await commits.value("\(url)\n\(revision)") { () async throws(ReconcileError) -> String in
            try await locks.serialized(url) { () async throws(ReconcileError) -> String in
                try await resolve(revision, in: try await mirror(of: remote), remote: remote)
            }
        }
        let mirrorPath = cacheDirectory + "/" + Self.cacheName(url)
        try await limits.check(commit, in: mirrorPath, url: url)
        try await unpack(commit, from: mirrorPath, url: url, into: folder)
        try TreeConfinement.check(folder, within: folder, limits: limits)
        return commit
    }

    /// `git archive` of `commit` unpacked into `tree` (made, 0700).
    func unpack(
        _ commit: String, from mirror: String, url: String, into tree: String
    ) async throws(ReconcileError) {
        do {
            try FileManager.default.createDirectory(
                atPath: tree, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ReconcileError("cannot make a folder to unpack \(url): \(error.localizedDescription)")
        }
        let archive = tree + ".tar"
        defer { try? FileManager.default.removeItem(atPath: archive) }
        let exported = await ExternalCommand.run(
            "git", ["-C", mirror, "archive", "--format=tar", "-o", archive, commit])
        guard exported.status == 0 else {
            throw ReconcileError("cannot export \(url) at \(commit.prefix(12)): \(exported.errorText)")
        }
        let unpacked = await ExternalCommand.run("tar", ["-xf", archive, "-C", tree])
        guard unpacked.status == 0 else { throw ReconcileError("cannot unpack \(url): \(unpacked.errorText)") }
    }

    private func checkout(
        _ commit: String, path: String, from mirror: String, url: String, directory: DirectoryOptions
    ) async throws(ReconcileError) -> RenderedSource {
        try await limits.check(commit, in: mirror, url: url)
        let work = NSTemporaryDirectory() + "flotilla-render-" + UUID().uuidString
        do {
            try FileManager.default.createDirectory(
                atPath: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ReconcileError("cannot make a folder to render \(url): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(atPath: work) }
        // The whole tree, not only `path`: a kustomize overlay refers to its bases beside it.
        let tree = work + "/tree"
        try await unpack(commit, from: mirror, url: url, into: tree)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: tree + "/" + path, isDirectory: &isFolder), isFolder.boolValue
        else {
            throw ReconcileError("path \"\(path)\" does not exist in \(url) at \(commit.prefix(12))")
        }
        // The whole tree once (a kustomization may reach any of it): every link in it,
        // `path` or one of its folders included, is checked on the way.
        try TreeConfinement.check(tree, within: tree, limits: limits)
        let manifests = try await ManifestReader.read(tree + "/" + path, options: directory, root: tree)
        return RenderedSource(manifests: manifests, revision: commit)
    }

    /// A folder name for a repository URL: readable, and unique through a hash.
    static func cacheName(_ url: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in url.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let readable = url.split(whereSeparator: { "/:@".contains($0) }).last.map(String.init) ?? "repo"
        let safe = readable.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        return "\(safe.isEmpty ? "repo" : safe)-\(String(hash, radix: 16)).git"
    }
}
