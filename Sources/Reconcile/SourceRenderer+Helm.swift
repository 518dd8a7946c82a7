import Crypto
import FleetModel
import Foundation

extension SourceRenderer {
    /// The Git tree id of `path` at `commit` when it holds a `Chart.yaml` (the chart's digest); nil otherwise.
    func chartTree(_ commit: String, path: String, remote: GitRemote) async throws(ReconcileError) -> String? {
        let mirror = cacheDirectory + "/" + Self.cacheName(remote.url)
        let tree = try await charts.value("\(remote.url)\n\(commit)\n\(path)") { () async -> String in
            let chartFile = path == "." ? "Chart.yaml" : path + "/Chart.yaml"
            let found = await ExternalCommand.run(
                "git", ["-C", mirror, "cat-file", "-e", "--end-of-options", "\(commit):\(chartFile)"])
            guard found.status == 0 else { return "" }
            let tree = await ExternalCommand.run(
                "git",
                [
                    "-C", mirror, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    path == "." ? "\(commit)^{tree}" : "\(commit):\(path)",
                ])
            return tree.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return tree.isEmpty ? nil : tree
    }

    /// The chart at `path` of `commit`, rendered by Helm in the tree unpacked with the render limits.
    func renderChart(
        _ commit: String, path: String, remote: GitRemote, chartTree: String, settings: HelmSourceSettings
    ) async throws(ReconcileError) -> RenderedSource {
        await helm.statistics.asked()
        let context = try await settings.context()
        let url = remote.url
        let mirror = cacheDirectory + "/" + Self.cacheName(url)
        let references = context.references.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let key = "helm\n\(url)\n\(commit)\n\(path)\n\(context.key)\n\(references.joined(separator: ","))"
        let limits = limits
        let helm = helm
        return try await renders.value(key) { () async throws(ReconcileError) -> RenderedSource in
            try await limits.check(commit, in: mirror, url: url)
            let work = try HelmScratch.make()
            defer { HelmScratch.remove(work) }
            let tree = work + "/tree"
            try await unpack(commit, from: mirror, url: url, into: tree)
            // Helm reads every file of the chart (`.Files.Get`, subcharts): no link may lead out of the tree.
            try TreeConfinement.check(tree, within: tree, limits: limits)
            let manifests = try await helm.render(
                chartPath: path, in: tree, chartDigest: "git-tree:\(chartTree)",
                location: "\(path) in \(url) at \(commit.prefix(12))", context: context, limits: limits)
            return RenderedSource(manifests: manifests, revision: commit)
        }
    }

    /// The chart at `path` of the local folder `folder`, rendered by Helm in place.
    func renderChart(
        inFolder folder: String, path: String, settings: HelmSourceSettings
    ) async throws(ReconcileError) -> RenderedSource {
        await helm.statistics.asked()
        let context = try await settings.context()
        try TreeConfinement.check(folder + "/" + path, within: folder, limits: limits)
        let digest = try Self.folderDigest(folder + "/" + path)
        let manifests = try await helm.render(
            chartPath: path, in: folder, chartDigest: "folder:\(digest)", location: "\(path) in \(folder)",
            context: context, limits: limits)
        return RenderedSource(manifests: manifests, revision: nil)
    }

    /// SHA-256 of a folder's file names and contents (a local chart's digest).
    static func folderDigest(_ folder: String) throws(ReconcileError) -> String {
        var hash = SHA256()
        let files = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
        for file in files {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + file, isDirectory: &isFolder),
                !isFolder.boolValue
            else { continue }
            guard let data = FileManager.default.contents(atPath: folder + "/" + file) else {
                throw ReconcileError("\(folder)/\(file): cannot be read")
            }
            hash.update(data: Data(file.utf8))
            hash.update(data: Data([0]))
            hash.update(data: data)
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

extension SourceRenderer {
    /// The tree of a `ref` source's repository at its revision, unpacked (with the render
    /// limits and link checks) under the cache folder once per commit: where `$ref/…` value
    /// files are read from.
    public func referenceTree(
        of source: ApplicationSource, baseDirectory: String?
    ) async throws(ReconcileError) -> String {
        let location = try Self.location(of: source.repoURL, baseDirectory: baseDirectory)
        let repoURL: String
        switch location {
        case .folder(let folder):
            try localSources.check(folder, baseDirectory: baseDirectory, repoURL: source.repoURL)
            repoURL = folder
        case .remote(let remote): repoURL = remote.url
        }
        let folder = cacheDirectory + "/refs"
        let cacheName = Self.cacheName(repoURL)
        return try await references.value("\(repoURL)\n\(source.targetRevision)") {
            () async throws(ReconcileError) -> String in
            let staging = folder + "/.staging-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: staging) }
            let commit = try await export(repoURL: repoURL, revision: source.targetRevision, into: staging)
            let tree = folder + "/" + cacheName + "-" + commit
            if !FileManager.default.fileExists(atPath: tree) {
                do {
                    try FileManager.default.moveItem(atPath: staging, toPath: tree)
                } catch  where FileManager.default.fileExists(atPath: tree) {
                    // Another run stored the same commit first.
                } catch {
                    throw ReconcileError("cannot store the tree of \(repoURL): \(error.localizedDescription)")
                }
            }
            return tree
        }
    }
}
