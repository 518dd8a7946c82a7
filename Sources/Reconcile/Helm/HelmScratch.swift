import Foundation

/// A private folder (0700) for one render's files: values and requests that only the
/// `helm` command or the worker reads, removed when the render ends.
enum HelmScratch {
    /// A new folder under the temporary directory.
    static func make() throws(ReconcileError) -> String {
        let folder = NSTemporaryDirectory() + "flotilla-helm-" + UUID().uuidString
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ReconcileError("cannot make a folder to render a Helm chart: \(error.localizedDescription)")
        }
        return folder
    }

    /// Writes `text` to `name` in `folder` (0600); its path.
    static func write(_ text: String, named name: String, in folder: String) throws(ReconcileError) -> String {
        let path = folder + "/" + name
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw ReconcileError("cannot write \(path) to render a Helm chart") }
        return path
    }

    /// Removes `folder` and what it holds.
    static func remove(_ folder: String) {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
