import Foundation

/// A fresh folder under the system temporary folder, for files a test writes.
public struct TemporaryFolder: Sendable {
    /// The folder's absolute path.
    public let path: String

    /// Makes a new, empty folder.
    public init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("flotilla-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `relativePath` inside the folder, making sub-folders; returns the absolute path.
    @discardableResult
    public func write(_ relativePath: String, _ contents: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Removes the folder and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
