import FleetModel
import Foundation

/// The files `flotilla import` reads: each with its text and the name it keeps under `-o DIR`.
struct ImportInputs {
    /// One file to convert.
    struct File {
        /// The path as the user would name it.
        let path: String
        /// The name under the output folder: the path below the folder given, or the file's name.
        let relativePath: String
    }

    /// Files larger than this are refused: a fleet file is a few kilobytes, and a hostile
    /// repository must not make the import read gigabytes.
    static let maximumBytes = 8 << 20

    private(set) var files: [File] = []
    private(set) var notes: [String] = []
    private let excluded: String?

    /// Lists the files under `paths`: a file is taken as given, a folder is read recursively for
    /// `*.yaml` and `*.yml`, hidden entries and symbolic links skipped (a repository's link may
    /// point anywhere on the machine), and so is the output folder when it lies inside, so that
    /// `import argocd . -o fleets` can run twice.
    init(paths: [String], excluding outputFolder: String? = nil) throws(FleetModelError) {
        excluded = outputFolder.map(Self.resolved)
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .unreadable(file: path, reason: "no such file or folder")
            }
            if isDirectory.boolValue {
                let before = files.count
                collect(folder: path, relative: "")
                if files.count == before {
                    throw .unreadable(file: path, reason: "no *.yaml or *.yml files in this folder")
                }
            } else {
                files.append(File(path: path, relativePath: (path as NSString).lastPathComponent))
            }
        }
    }

    private mutating func collect(folder: String, relative: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + entry : folder + "/" + entry
            let relativePath = relative.isEmpty ? entry : relative + "/" + entry
            let type = (try? FileManager.default.attributesOfItem(atPath: path)[.type]) as? FileAttributeType
            switch type {
            case .typeDirectory? where Self.resolved(path) != excluded:
                collect(folder: path, relative: relativePath)
            case .typeRegular? where entry.hasSuffix(".yaml") || entry.hasSuffix(".yml"):
                files.append(File(path: path, relativePath: relativePath))
            case .typeSymbolicLink? where entry.hasSuffix(".yaml") || entry.hasSuffix(".yml"):
                notes.append("\(path): skipped: a symbolic link")
            default:
                continue
            }
        }
    }

    /// The absolute, normalized form of `path`, to compare folders however they were named.
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The text of `file`, refused when too large or not UTF-8.
    static func text(of file: File) throws(FleetModelError) -> String {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file.path))
            defer { try? handle.close() }
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw .unreadable(file: file.path, reason: (error as NSError).localizedDescription)
        }
        guard data.count <= maximumBytes else {
            throw .unreadable(file: file.path, reason: "larger than \(maximumBytes >> 20) MiB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: file.path, reason: "the file is not UTF-8 text")
        }
        return text
    }
}
