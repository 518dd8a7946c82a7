import Foundation

/// Golden files: expected outputs checked into `Tests/**/Fixtures`.
///
/// Set `FLOTILLA_UPDATE_GOLDENS=1` to rewrite them from the actual output; a
/// normal run never writes them.
public enum Golden {
    /// True when this run should rewrite golden files.
    public static var isUpdating: Bool {
        ProcessInfo.processInfo.environment["FLOTILLA_UPDATE_GOLDENS"] == "1"
    }

    /// Nil when `actual` equals the golden file at `path`; otherwise a message with the first difference.
    public static func mismatch(_ actual: String, goldenAt path: String) -> String? {
        if isUpdating {
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let written = FileManager.default.createFile(atPath: path, contents: Data(actual.utf8))
            return written ? nil : "cannot write golden file \(path)"
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "no golden file at \(path) (run with FLOTILLA_UPDATE_GOLDENS=1 to create it)"
        }
        guard expected != actual else { return nil }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let want = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
            let got = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
            if want != got {
                return "\(path):\(index + 1): expected \(want.debugDescription), got \(got.debugDescription)"
            }
        }
        return "\(path): outputs differ"
    }
}
