import Foundation

/// One entry of `git ls-tree` at a commit.
public struct GitTreeEntry: Sendable, Equatable {
    /// What `git` calls the entry.
    public enum Kind: Sendable, Equatable {
        case tree, blob, link, submodule
    }

    /// The path from the repository root.
    public var path: String
    /// Folder, file, symbolic link or submodule.
    public var kind: Kind
    /// A blob's size in bytes; 0 for the others.
    public var size: Int
    /// The object id.
    public var object: String
}

extension SourceRenderer {
    /// Every entry of `repoURL`'s tree at `revision`, read from its mirror: fetched as for a
    /// source (once per repository and revision per run, shared with sources), or with
    /// `offline` only read from a mirror that already exists. A relative local `repoURL` is
    /// taken from `baseDirectory`, under the local-source policy; it must be a Git repository.
    public func treeEntries(
        repoURL: String, revision: String, baseDirectory: String?, offline: Bool
    ) async throws(ReconcileError) -> [GitTreeEntry] {
        let (commit, mirror, url) = try await commit(
            repoURL: repoURL, revision: revision, baseDirectory: baseDirectory, offline: offline)
        let listing = await ExternalCommand.run(
            "git", ["-C", mirror, "ls-tree", "-r", "-t", "-l", "-z", "--full-tree", "--end-of-options", commit],
            outputLimit: 64 << 20)
        guard listing.status == 0 else {
            throw ReconcileError("cannot list \(url) at \(commit.prefix(12)): \(listing.errorText)")
        }
        var entries: [GitTreeEntry] = []
        for record in listing.output.split(separator: "\0") {
            // `<mode> <type> <object> <size>\t<path>`
            guard let tab = record.firstIndex(of: "\t") else { continue }
            let fields = record[..<tab].split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 4 else { continue }
            let kind: GitTreeEntry.Kind
            switch (fields[0], fields[1]) {
            case ("040000", _): kind = .tree
            case ("120000", _): kind = .link
            case (_, "blob"): kind = .blob
            default: kind = .submodule
            }
            entries.append(
                GitTreeEntry(
                    path: String(record[record.index(after: tab)...]), kind: kind, size: Int(fields[3]) ?? 0,
                    object: String(fields[2])))
            try limits.check(bytes: 0, entries: entries.count, what: "\(url) at \(commit.prefix(12))")
        }
        return entries
    }

    /// The content of blob `object` of `repoURL` (listed by `treeEntries`), at most `maxBytes`.
    public func blobText(
        _ object: String, repoURL: String, baseDirectory: String?, maxBytes: Int
    ) async throws(ReconcileError) -> String {
        guard object.count == 40 || object.count == 64, object.allSatisfy(\.isHexDigit) else {
            throw ReconcileError("\"\(object)\" is not an object id")
        }
        let url = try remote(of: repoURL, baseDirectory: baseDirectory).url
        let read = await ExternalCommand.run(
            "git", ["-C", cacheDirectory + "/" + Self.cacheName(url), "cat-file", "blob", object],
            outputLimit: maxBytes)
        guard read.status == 0 else { throw ReconcileError("cannot read a file of \(url): \(read.errorText)") }
        return read.output
    }

    /// The commit `revision` names in the mirror of `repoURL`, the mirror, and the URL shown in messages.
    private func commit(
        repoURL: String, revision: String, baseDirectory: String?, offline: Bool
    ) async throws(ReconcileError) -> (commit: String, mirror: String, url: String) {
        guard !revision.hasPrefix("-") else { throw ReconcileError("revision \"\(revision)\" is not a revision") }
        let remote = try remote(of: repoURL, baseDirectory: baseDirectory)
        let url = remote.url
        let mirrorPath = cacheDirectory + "/" + Self.cacheName(url)
        if offline {
            guard FileManager.default.fileExists(atPath: mirrorPath + "/HEAD") else {
                throw ReconcileError(
                    "no mirror of \(url) in \(cacheDirectory) to read offline: run once without --offline to fetch it")
            }
            guard let commit = await revParse(revision, mirrorPath) else {
                throw ReconcileError("revision \"\(revision)\" does not exist in the mirror of \(url)")
            }
            return (commit, mirrorPath, url)
        }
        let commit = try await commits.value("\(url)\n\(revision)") { () async throws(ReconcileError) -> String in
            try await locks.serialized(url) { () async throws(ReconcileError) -> String in
                try await resolve(revision, in: try await mirror(of: remote), remote: remote)
            }
        }
        return (commit, mirrorPath, url)
    }

    /// The remote of `repoURL`: a URL, or a local Git repository allowed by the local-source policy.
    private func remote(of repoURL: String, baseDirectory: String?) throws(ReconcileError) -> GitRemote {
        switch try Self.location(of: repoURL, baseDirectory: baseDirectory) {
        case .remote(let remote):
            return remote
        case .folder(let folder):
            try localSources.check(folder, baseDirectory: baseDirectory, repoURL: repoURL)
            return try GitRemote(local: folder)
        }
    }
}
