import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Keeps a render inside its tree: a symbolic link committed to Git that leads out of the
/// repository (`leak.yaml -> /etc/…`, a `path` that is a link to a host folder) is refused,
/// and so is a tree larger than the render limits.
enum TreeConfinement {
    /// Throws when `folder`, or anything under it, is or holds a link that resolves outside
    /// `root`, or when it passes `limits`.
    static func check(_ folder: String, within root: String, limits: RenderLimits) throws(ReconcileError) {
        guard let realRoot = realPath(root) else { throw ReconcileError("\(root): cannot be read") }
        let inside = { (path: String) in path == realRoot || path.hasPrefix(realRoot + "/") }
        guard let realFolder = realPath(folder), inside(realFolder) else {
            throw ReconcileError("\(relative(folder, root)): a symbolic link to outside the repository is not followed")
        }
        var bytes = 0
        var entries = 0
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let entry = enumerator?.nextObject() as? String {
            let path = folder + "/" + entry
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            entries += 1
            if status.st_mode & S_IFMT == S_IFLNK {
                // A dangling link is judged by where it points.
                guard let target = realPath(path) ?? linkTarget(path), inside(target) else {
                    throw ReconcileError(
                        "\(relative(path, root)): a symbolic link to outside the repository is not followed")
                }
            } else {
                bytes += Int(status.st_size)
            }
            try limits.check(bytes: bytes, entries: entries, what: relative(folder, root))
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Where a link that resolves to nothing points, by text, from the folder it is in.
    private static func linkTarget(_ path: String) -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        let folderReal = realPath(folder) ?? folder
        return LocalSourcePolicy.normalized(target.hasPrefix("/") ? target : folderReal + "/" + target)
    }

    private static func relative(_ path: String, _ root: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
