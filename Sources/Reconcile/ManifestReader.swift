import FleetModel
import Foundation

/// One object read from a source, and the file it came from.
public struct Manifest: Sendable, Equatable {
    /// The object.
    public var object: JSONValue
    /// Its file, relative to the source folder (or `kustomize`).
    public var file: String

    /// A manifest.
    public init(object: JSONValue, file: String) {
        self.object = object
        self.file = file
    }
}

/// Which files of a source folder are manifests (an Application's `source.directory`).
public struct DirectoryOptions: Sendable, Equatable {
    /// Descend into subfolders.
    public var recurse: Bool
    /// Globs a file's relative path must match (`*.yaml`, `{a.yaml,b.yaml}`); empty: any.
    public var include: String?
    /// Globs that drop a file.
    public var exclude: String?

    /// Options.
    public init(recurse: Bool = false, include: String? = nil, exclude: String? = nil) {
        self.recurse = recurse
        self.include = include
        self.exclude = exclude
    }

    /// The options of an Application document's `spec.source.directory`.
    public init(application: JSONValue) {
        let directory = application["spec"]?["source"]?["directory"]
        self.init(
            recurse: directory?["recurse"]?.boolValue ?? false, include: directory?["include"]?.stringValue,
            exclude: directory?["exclude"]?.stringValue)
    }
}

/// Reads the manifests of a folder: every `*.yaml`, `*.yml` and `*.json` (multi-document,
/// `List`s flattened), or the output of `kubectl kustomize` when it holds a kustomization.
public enum ManifestReader {
    static let kustomizations = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// The manifests under `folder`, sorted by file then document order.
    /// `root` is the rendered tree `folder` belongs to: a kustomization may reach nothing outside it.
    public static func read(
        _ folder: String, options: DirectoryOptions = DirectoryOptions(), root: String? = nil
    ) async throws(ReconcileError)
        -> [Manifest]
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReconcileError("\(folder): the source path is not a folder")
        }
        if kustomizations.contains(where: { FileManager.default.fileExists(atPath: folder + "/" + $0) }) {
            try KustomizeGuard.check(folder, root: root ?? folder)
            return try await kustomize(folder)
        }
        var manifests: [Manifest] = []
        for file in try files(in: folder, options: options) {
            let text: String
            do {
                text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            } catch {
                throw ReconcileError("\(file): cannot be read: \(error.localizedDescription)")
            }
            manifests += try objects(in: text, file: file)
        }
        return manifests
    }

    /// The objects of one YAML or JSON text.
    static func objects(in text: String, file: String) throws(ReconcileError) -> [Manifest] {
        let documents: [YAMLDocument]
        do {
            documents = try YAMLLoader.load(text, file: file)
        } catch {
            throw ReconcileError(error.errorDescription ?? "\(file): not valid YAML")
        }
        var manifests: [Manifest] = []
        for document in documents {
            let value = document.value
            if value.isNull { continue }
            guard case .object = value else {
                throw ReconcileError("\(document.location): a manifest must be a map, not a \(value.typeName)")
            }
            if value["kind"]?.stringValue == "List" {
                manifests += (value["items"]?.arrayValue ?? []).map { Manifest(object: $0, file: file) }
                continue
            }
            for field in ["apiVersion", "kind"] where value[field]?.stringValue?.isEmpty ?? true {
                throw ReconcileError("\(document.location): the object has no \(field)")
            }
            if value["metadata"]?["name"]?.stringValue?.isEmpty ?? true {
                throw ReconcileError("\(document.location): the object has no metadata.name")
            }
            manifests.append(Manifest(object: value, file: file))
        }
        return manifests
    }

    /// Relative paths of the manifest files, sorted.
    static func files(in folder: String, options: DirectoryOptions) throws(ReconcileError) -> [String] {
        let manager = FileManager.default
        let candidates: [String]
        do {
            candidates =
                options.recurse
                ? (manager.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
                : try manager.contentsOfDirectory(atPath: folder)
        } catch {
            throw ReconcileError("\(folder): cannot be listed: \(error.localizedDescription)")
        }
        return candidates.filter { path in
            let lowered = path.lowercased()
            guard lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") || lowered.hasSuffix(".json") else {
                return false
            }
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { return false }
            if let include = options.include, !Glob.matches(include, path) { return false }
            if let exclude = options.exclude, Glob.matches(exclude, path) { return false }
            return true
        }.sorted()
    }

    private static func kustomize(_ folder: String) async throws(ReconcileError) -> [Manifest] {
        let kubectl = try await KubectlChoice.shared.kubectl()
        // Without a network where a user namespace can be made: nothing remote can be fetched.
        let result =
            await Networkless.isAvailable
            ? await ExternalCommand.run("unshare", ["--net", "--map-root-user", kubectl.path, "kustomize", folder])
            : await ExternalCommand.run(kubectl.path, ["kustomize", folder])
        guard result.status == 0 else {
            throw ReconcileError("kubectl kustomize \(folder) failed (\(kubectl)): \(result.errorText)")
        }
        return try objects(in: result.output, file: "kustomize")
    }
}
