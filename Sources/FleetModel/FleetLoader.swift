import Foundation

/// The documents of every fleet file under the paths a user names.
public struct Fleet: Sendable {
    /// Documents in file order (paths in the order given, files in a folder by path).
    public var documents: [FleetDocument]
    /// The files read, as the user would name them.
    public var files: [String]
}

/// Reads fleet files and folders.
///
/// A folder is read recursively for `*.yaml` and `*.yml`, in path order; folders
/// named `templates` (shared templates, not fleet documents) and hidden entries are skipped.
public enum FleetLoader {
    /// Reads and decodes every fleet document under `paths`.
    public static func load(paths: [String]) throws(FleetModelError) -> Fleet {
        var documents: [FleetDocument] = []
        var files: [String] = []
        for path in paths {
            for file in try fleetFiles(at: path) {
                files.append(file)
                for document in try YAMLLoader.load(contentsOf: URL(fileURLWithPath: file), displayPath: file) {
                    documents.append(try FleetDocument(document: document))
                }
            }
        }
        return Fleet(documents: documents, files: files)
    }

    /// The fleet files a path names: itself when a file, its YAML files when a folder.
    public static func fleetFiles(at path: String) throws(FleetModelError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file or folder")
        }
        guard isDirectory.boolValue else { return [path] }
        var found: [String] = []
        collect(folder: path, into: &found)
        guard !found.isEmpty else {
            throw .unreadable(file: path, reason: "no *.yaml or *.yml fleet files in this folder")
        }
        return found
    }

    private static func collect(folder: String, into found: inout [String]) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + entry : folder + "/" + entry
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if entry != "templates" { collect(folder: path, into: &found) }
            } else if entry.hasSuffix(".yaml") || entry.hasSuffix(".yml") {
                found.append(path)
            }
        }
    }
}
