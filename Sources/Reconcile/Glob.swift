import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Argo CD's directory globs: shell patterns on relative paths (`*` stays within one folder),
/// with `{a,b}` alternatives.
enum Glob {
    /// Whether `path` matches `pattern` (after expanding `{…}` alternatives).
    static func matches(_ pattern: String, _ path: String) -> Bool {
        expand(pattern).contains { fnmatch($0, path, FNM_PATHNAME) == 0 }
    }

    /// `{a.yaml,b/*.yaml}` → `["a.yaml", "b/*.yaml"]`; patterns without braces stay as they are.
    static func expand(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") else {
            return [pattern]
        }
        let prefix = pattern[..<open]
        let suffix = pattern[pattern.index(after: close)...]
        return pattern[pattern.index(after: open)..<close].split(separator: ",", omittingEmptySubsequences: false)
            .flatMap { expand(String(prefix + $0 + suffix)) }
    }
}
