import FleetModel
import Foundation

extension Reconciler {
    /// Every source of `application` rendered, in order, their manifests together (Argo CD's
    /// multi-source Applications); a source with `ref` and neither `path` nor `chart` only
    /// lends its files to the others' `$ref/…` value files. A chart renders with the
    /// destination's capabilities. The revision is the sources' commits, comma-separated.
    func renderSources(
        of application: Application, baseDirectory: String?
    ) async throws(ReconcileError) -> RenderedSource {
        guard !application.sources.isEmpty else {
            throw ReconcileError("Application \(application.name) has no source")
        }
        let spec = application.document["spec"]
        let single = application.sources.count == 1 && spec?["source"] != nil
        let documents: [JSONValue?] =
            single ? [spec?["source"]] : application.sources.indices.map { spec?["sources"]?.arrayValue?[$0] }
        func place(_ index: Int) -> String {
            "Application \(application.name): " + (single ? "spec.source" : "spec.sources[\(index)]")
        }
        var references: [String: String] = [:]
        for (index, source) in application.sources.enumerated() {
            guard let name = documents[index]?["ref"]?.stringValue, !name.isEmpty else { continue }
            do {
                references[name] = try await renderer.referenceTree(of: source, baseDirectory: baseDirectory)
            } catch {
                throw ReconcileError("\(place(index)) (ref \(name)): \(error.message)")
            }
        }
        let api = api
        var manifests: [Manifest] = []
        var revisions: [String] = []
        for (index, source) in application.sources.enumerated() {
            let document = documents[index]
            if document?["ref"]?.stringValue != nil && source.path == nil && source.chart == nil { continue }
            let settings = HelmSourceSettings(
                options: try HelmOptions(source: document, where: place(index) + ".helm"),
                defaultReleaseName: application.name, defaultNamespace: application.destination.namespace,
                references: references, place: place(index) + ".helm"
            ) { () async throws(ReconcileError) -> HelmCapabilities in try await HelmCapabilities.of(api) }
            let directory = document?["directory"]
            let rendered = try await renderer.render(
                source,
                directory: DirectoryOptions(
                    recurse: directory?["recurse"]?.boolValue ?? false, include: directory?["include"]?.stringValue,
                    exclude: directory?["exclude"]?.stringValue),
                baseDirectory: baseDirectory, helmSettings: settings)
            manifests += rendered.manifests
            if let revision = rendered.revision { revisions.append(revision) }
        }
        return RenderedSource(
            manifests: manifests, revision: revisions.isEmpty ? nil : revisions.joined(separator: ","))
    }
}
