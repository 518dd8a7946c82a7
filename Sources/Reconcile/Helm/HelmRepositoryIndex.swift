import FleetModel
import Foundation

/// A Helm repository's `index.yaml`: every chart's versions, where each archive is and its digest.
struct HelmRepositoryIndex: Sendable {
    struct Entry: Sendable, Equatable {
        var version: HelmVersion
        /// Archive URLs, absolute or relative to the repository.
        var urls: [String]
        /// The archive's SHA-256 (hex), when the index gives it.
        var digest: String?
    }

    /// Chart name → its versions.
    var entries: [String: [Entry]]

    /// Parses the text of an `index.yaml` fetched from `url`.
    init(text: String, url: String) throws(ReconcileError) {
        let documents: [YAMLDocument]
        do {
            documents = try YAMLLoader.load(text, file: url)
        } catch {
            throw ReconcileError("\(url): not a Helm repository index: \(error.errorDescription ?? "not YAML")")
        }
        guard let charts = documents.first?.value["entries"]?.objectValue else {
            throw ReconcileError("\(url): not a Helm repository index (no `entries`)")
        }
        var entries: [String: [Entry]] = [:]
        for (name, versions) in charts {
            entries[name] = (versions.arrayValue ?? []).compactMap { item in
                guard let text = item["version"]?.scalarText, let version = HelmVersion(text) else { return nil }
                return Entry(
                    version: version, urls: (item["urls"]?.arrayValue ?? []).compactMap(\.stringValue),
                    digest: item["digest"]?.stringValue)
            }
        }
        self.entries = entries
    }

    /// The highest version of `chart` that `constraint` allows; an error names what there is.
    func resolve(_ chart: String, _ constraint: String, url: String) throws(ReconcileError) -> Entry {
        guard let versions = entries[chart], !versions.isEmpty else {
            let names = entries.keys.sorted().prefix(20).joined(separator: ", ")
            throw ReconcileError("chart \"\(chart)\" is not in \(url) (it has: \(names.isEmpty ? "no charts" : names))")
        }
        let wanted = constraint == "HEAD" ? "*" : constraint
        guard let range = HelmVersionRange(wanted) else {
            throw ReconcileError("targetRevision \"\(constraint)\" is not a chart version or version range")
        }
        guard let best = range.best(of: versions.map(\.version)),
            let entry = versions.first(where: { $0.version == best })
        else {
            let known = versions.map(\.version).sorted(by: >).map(\.description).joined(separator: ", ")
            throw ReconcileError(
                "chart \"\(chart)\" has no version matching \"\(constraint)\" in \(url) (there are: \(known))")
        }
        return entry
    }
}
