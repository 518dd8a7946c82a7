import Crypto
import FleetModel
import Foundation
import HelmNative

extension SourceRenderer {
    /// `chart` from the Helm repository `source.repoURL` at the highest version
    /// `source.targetRevision` allows: the index fetched once per renderer, the archive once
    /// per version (both kept under `<cache>/helm`), unpacked with the render limits and rendered.
    func renderRepositoryChart(
        _ chart: String, of source: ApplicationSource, settings: HelmSourceSettings?
    ) async throws(ReconcileError) -> RenderedSource {
        guard let settings else { throw ReconcileError("chart \(chart): a Helm chart needs Helm settings to render") }
        if source.repoURL.hasPrefix("oci://") {
            return try await renderRegistryChart(chart, of: source, settings: settings)
        }
        guard source.repoURL.hasPrefix("https://") || source.repoURL.hasPrefix("http://") else {
            throw ReconcileError("repoURL \(source.repoURL): a Helm repository is an https:// URL")
        }
        guard let client = helm.repositories else {
            throw ReconcileError("repoURL \(source.repoURL): Helm repositories cannot be reached from here")
        }
        await helm.statistics.asked()
        let url = source.repoURL.hasSuffix("/") ? String(source.repoURL.dropLast()) : source.repoURL
        let folder = cacheDirectory + "/helm/" + Self.cacheName(url)
        let limits = limits
        let index = try await helmIndexes.value(url) { () async throws(ReconcileError) -> HelmRepositoryIndex in
            let bytes = try await client.get(url + "/index.yaml", maxBytes: limits.maxBytes)
            try? Self.store(bytes, at: folder + "/index.yaml")
            return try HelmRepositoryIndex(text: String(decoding: bytes, as: UTF8.self), url: url)
        }
        let entry = try index.resolve(chart, source.targetRevision, url: url)
        guard let first = entry.urls.first else {
            throw ReconcileError("chart \(chart) \(entry.version) in \(url): the index names no archive")
        }
        let archiveURL = first.contains("://") ? first : url + "/" + first
        guard archiveURL.hasPrefix("https://") || archiveURL.hasPrefix("http://") else {
            throw ReconcileError("chart \(chart) \(entry.version) in \(url): the archive URL \(first) is not http(s)")
        }
        let name = "\(chart)-\(entry.version.description).tgz".filter {
            $0.isLetter || $0.isNumber || "-_.+".contains($0)
        }
        let archive = try await helmArchives.value(archiveURL) { () async throws(ReconcileError) -> String in
            let path = folder + "/" + name
            if let digest = entry.digest, let kept = FileManager.default.contents(atPath: path),
                Self.sha256(kept) == digest.lowercased()
            {
                return path
            }
            let bytes = try await client.get(archiveURL, maxBytes: limits.maxBytes)
            if let digest = entry.digest, Self.sha256(Data(bytes)) != digest.lowercased() {
                throw ReconcileError("\(archiveURL): the archive's SHA-256 is not the index's digest \(digest)")
            }
            do {
                try Self.store(bytes, at: path)
            } catch {
                throw ReconcileError("cannot keep \(archiveURL) in \(folder): \(error.localizedDescription)")
            }
            return path
        }
        return try await renderArchive(
            archive, chart: chart, version: entry.version.description,
            location: "\(chart) \(entry.version) from \(url)",
            settings: settings)
    }

    /// `chart` from the OCI registry `source.repoURL` (`oci://host/path`) at the highest tag
    /// `source.targetRevision` allows, pulled by the Helm backend once per renderer into
    /// `<cache>/helm`, logged in with the credential stored for `source.repoURL` (if any).
    func renderRegistryChart(
        _ chart: String, of source: ApplicationSource, settings: HelmSourceSettings
    ) async throws(ReconcileError) -> RenderedSource {
        // The chart comes from Git: it may not climb out of the registry path whose credential
        // is used, nor name a tag or digest of its own.
        let segments = chart.split(separator: "/", omittingEmptySubsequences: false)
        guard
            !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
            !chart.contains(where: { ":@?#%\\".contains($0) || $0.isWhitespace })
        else {
            throw ReconcileError("chart \"\(chart)\": not a chart name in the OCI registry \(source.repoURL)")
        }
        let reference =
            (source.repoURL.hasSuffix("/") ? String(source.repoURL.dropLast()) : source.repoURL) + "/" + chart
        let access = try HelmRegistryAccess(try credentials.access(for: source.repoURL), registry: source.repoURL)
        let folder = cacheDirectory + "/helm/" + Self.cacheName(reference)
        let constraint = source.targetRevision == "HEAD" ? "*" : source.targetRevision
        let helm = helm
        let archive = try await helmArchives.value("\(reference)\n\(constraint)") {
            () async throws(ReconcileError) -> String in
            let staging = folder + "/.pull-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: staging) }
            do {
                try FileManager.default.createDirectory(
                    atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw ReconcileError("cannot make a folder to pull \(reference): \(error.localizedDescription)")
            }
            do throws(ReconcileError) {
                try await helm.backend().pull(reference, version: constraint, into: staging, access: access)
            } catch {
                throw ReconcileError(
                    "\(reference): \(error.message)" + Self.loginHint(error.message, source.repoURL, access))
            }
            let pulled = ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).filter {
                $0.hasPrefix(chart + "-") && $0.hasSuffix(".tgz")
            }
            guard pulled.count == 1 else { throw ReconcileError("\(reference): Helm pulled no chart archive") }
            let path = folder + "/" + pulled[0]
            _ = try? FileManager.default.removeItem(atPath: path)
            do {
                try FileManager.default.moveItem(atPath: staging + "/" + pulled[0], toPath: path)
            } catch {
                throw ReconcileError("cannot keep \(reference) in \(folder): \(error.localizedDescription)")
            }
            return path
        }
        let version = String((archive as NSString).lastPathComponent.dropFirst(chart.count + 1).dropLast(".tgz".count))
        return try await renderArchive(
            archive, chart: chart, version: version, location: "\(chart) \(version) from \(reference)",
            settings: settings)
    }

    /// What to add to an anonymous pull's failure when the registry asked for a login: how to store one.
    static func loginHint(_ message: String, _ registry: String, _ access: HelmRegistryAccess) -> String {
        let refused = ["credential not found", "401", "unauthorized"].contains { message.lowercased().contains($0) }
        guard access.login == nil, refused else { return "" }
        return " (no credential is stored for \(registry): flotilla repo add \(registry) --username U --password-stdin)"
    }

    /// The chart in `archive`, unpacked and rendered once per distinct context; its revision is `version`.
    private func renderArchive(
        _ archive: String, chart: String, version: String, location: String, settings: HelmSourceSettings
    ) async throws(ReconcileError) -> RenderedSource {
        let context = try await settings.context()
        let references = context.references.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let helm = helm
        let limits = limits
        let key = "helm-archive\n\(archive)\n\(context.key)\n\(references.joined(separator: ","))"
        return try await renders.value(key) { () async throws(ReconcileError) -> RenderedSource in
            let work = try HelmScratch.make()
            defer { HelmScratch.remove(work) }
            let root = work + "/chart"
            try await Self.unpackArchive(archive, into: root, limits: limits, location: location)
            let digest = Self.sha256(FileManager.default.contents(atPath: archive) ?? Data())
            let manifests = try await helm.render(
                chartPath: try Self.chartFolder(in: root, named: chart, location: location), in: root,
                chartDigest: "sha256:\(digest)", location: location, context: context, limits: limits)
            return RenderedSource(manifests: manifests, revision: version)
        }
    }

    /// Unpacks a chart archive after listing it: its files may not add up to more than the limits.
    static func unpackArchive(
        _ archive: String, into folder: String, limits: RenderLimits, location: String
    ) async throws(ReconcileError) {
        let listing = await ExternalCommand.run("tar", ["-tvzf", archive])
        guard listing.status == 0 else {
            throw ReconcileError("\(location): not a chart archive: \(listing.errorText)")
        }
        var bytes = 0
        var entries = 0
        for line in listing.output.split(separator: "\n") {
            entries += 1
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count > 2, let size = Int(fields[2]) { bytes += size }
            try limits.check(bytes: bytes, entries: entries, what: location)
        }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ReconcileError("cannot make a folder to unpack \(location): \(error.localizedDescription)")
        }
        let unpacked = await ExternalCommand.run(
            "tar", ["-xzf", archive, "-C", folder, "--no-same-owner", "--no-same-permissions"])
        guard unpacked.status == 0 else { throw ReconcileError("\(location): cannot unpack: \(unpacked.errorText)") }
        try TreeConfinement.check(folder, within: folder, limits: limits)
    }

    /// The archive's chart folder: `chart`, else its only top-level folder.
    static func chartFolder(in root: String, named chart: String, location: String) throws(ReconcileError) -> String {
        if FileManager.default.fileExists(atPath: root + "/" + chart + "/Chart.yaml") { return chart }
        let top = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard top.count == 1, FileManager.default.fileExists(atPath: root + "/" + top[0] + "/Chart.yaml") else {
            throw ReconcileError("\(location): the archive holds no chart folder with a Chart.yaml")
        }
        return top[0]
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Writes `bytes` to `path` (0600) through a staging file, making its folder (0700).
    static func store(_ bytes: [UInt8], at path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let staging = path + ".tmp-" + UUID().uuidString.prefix(8)
        guard
            FileManager.default.createFile(
                atPath: staging, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: staging, toPath: path)
    }
}
