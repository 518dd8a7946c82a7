import Foundation

/// Locates fixture folders beside a test file.
public enum Fixtures {
    /// The `Fixtures` folder next to the test file `filePath` (pass `#filePath`).
    public static func folder(_ filePath: String = #filePath) -> String {
        ((filePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Fixtures")
    }

    /// The names of the sub-folders of `folder`, sorted. A missing or empty folder gives one
    /// case named for the problem, which no test can load: a table test over it fails
    /// instead of passing with zero cases.
    public static func cases(in folder: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let cases = entries.filter { entry in
            var isDirectory: ObjCBool = false
            let path = (folder as NSString).appendingPathComponent(entry)
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
        return cases.isEmpty ? [missingCase(folder)] : cases
    }

    /// The case `cases(in:)` gives for a fixture folder that is missing or empty.
    public static func missingCase(_ folder: String) -> String {
        "(no fixture cases in \(folder))"
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
