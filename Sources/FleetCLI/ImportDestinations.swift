import Foundation

/// Where `flotilla import` writes: one path per converted file, checked before anything is
/// written (no two files on one path, no input overwritten unless asked), and written without
/// following a symbolic link met under the output folder.
struct ImportDestinations {
    /// One path per converted file, in order.
    let paths: [String]
    private let folder: String?

    /// Paths under `folder`, named as the files below their input folder.
    init(folder: String, files: [ImportInputs.File], inputs: [ImportInputs.File]) throws {
        self.folder = folder
        paths = files.map { (folder as NSString).appendingPathComponent($0.relativePath) }
        var seen: [String: String] = [:]
        let inputPaths = Set(inputs.map { ImportInputs.resolved($0.path) })
        for (file, path) in zip(files, paths) {
            if let other = seen[path] {
                throw CommandFailure(
                    "\(other) and \(file.path) would both be written to \(path); import them separately", exitCode: 2)
            }
            seen[path] = file.path
            if inputPaths.contains(ImportInputs.resolved(path)) {
                throw CommandFailure(
                    "\(path) is an input file; choose another -o folder or pass --in-place to rewrite inputs",
                    exitCode: 2)
            }
        }
    }

    /// Each file over itself (`--in-place`).
    init(inPlace files: [ImportInputs.File]) {
        folder = nil
        paths = files.map(\.path)
    }

    /// Writes `text` to `path` atomically (a temporary file renamed over it, which replaces a
    /// link rather than writing through it), creating folders below the output folder.
    func write(_ text: String, to path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        if let folder {
            try refuseLinks(from: folder, to: parent)
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// A folder below the output folder that is a symbolic link could send the file anywhere.
    private func refuseLinks(from folder: String, to parent: String) throws {
        var current = parent
        while current.count > folder.count, current.hasPrefix(folder) {
            let type = (try? FileManager.default.attributesOfItem(atPath: current)[.type]) as? FileAttributeType
            if type == .typeSymbolicLink {
                throw LinkRefused(path: current)
            }
            current = (current as NSString).deletingLastPathComponent
        }
    }
}

/// A symbolic link met below the output folder, which `flotilla import` does not write through.
struct LinkRefused: LocalizedError {
    let path: String

    var errorDescription: String? { "\(path) is a symbolic link; refusing to write through it" }
}
