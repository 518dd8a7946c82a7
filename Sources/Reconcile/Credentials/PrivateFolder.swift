import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A folder only this user may enter (0700) for the secrets a child process reads (an SSH
/// key, a CA bundle, a registry login): in memory (`/dev/shm`) where there is one, so that
/// nothing secret reaches the disk, else the temporary folder. Its maker removes it when the
/// child has ended.
enum PrivateFolder {
    /// A new folder named `prefix` and a random suffix; `purpose` names its user in errors.
    static func make(prefix: String, purpose: String) throws(ReconcileError) -> String {
        var isFolder: ObjCBool = false
        let memory = FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isFolder) && isFolder.boolValue
        let base = memory && access("/dev/shm", W_OK) == 0 ? "/dev/shm/" : NSTemporaryDirectory()
        let folder = base + (base.hasSuffix("/") ? "" : "/") + prefix + UUID().uuidString
        guard mkdir(folder, 0o700) == 0 else {
            throw ReconcileError("cannot make a private folder for \(purpose) in \(base)")
        }
        return folder
    }

    /// Writes `contents` to a new file `name` in `folder`, readable by this user only (never
    /// through a link, never over a file already there); its path. `what` names it in errors.
    static func write(
        _ contents: String, named name: String, in folder: String, what: String
    ) throws(ReconcileError)
        -> String
    {
        let path = folder + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw ReconcileError("cannot write \(what) in \(folder)") }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw ReconcileError("cannot write \(what) in \(folder)") }
        return path
    }

    /// Removes `folder` and what it holds.
    static func remove(_ folder: String) {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
