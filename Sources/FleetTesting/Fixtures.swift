import Foundation

/// Locates fixture folders beside a test file.
public enum Fixtures {
    /// The `Fixtures` folder next to the test file `filePath` (pass `#filePath`).
    public static func folder(_ filePath: String = #filePath) -> String {
        ((filePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Fixtures")
    }

    /// The names of the sub-folders of `folder`, sorted.
    public static func cases(in folder: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.filter { entry in
            var isDirectory: ObjCBool = false
            let path = (folder as NSString).appendingPathComponent(entry)
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    /// The repository's top folder, found from a test file's path.
    public static func repositoryRoot(_ filePath: String = #filePath) -> String {
        var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
            url.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }
}
