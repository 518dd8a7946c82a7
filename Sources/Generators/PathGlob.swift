/// A glob over repository paths: `*` matches within one path segment, `?` one character of
/// it, `[a-z]` / `[!a-z]` a class, `\` escapes; a segment that is exactly `**` matches any
/// number of segments (none included).
public struct PathGlob: Sendable, Hashable {
    private let segments: [[UInt8]]

    /// The glob `pattern` (segments split at `/`).
    public init(_ pattern: String) {
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.utf8) }
    }

    /// Whether `path` (segments split at `/`) matches.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.utf8) }
        return Self.match(segments[...], parts[...])
    }

    private static let doubleStar = Array("**".utf8)

    private static func match(_ pattern: ArraySlice<[UInt8]>, _ path: ArraySlice<[UInt8]>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == doubleStar {
            var rest = path
            while true {
                if match(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let segment = path.first, matchSegment(first[...], segment[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// One segment against one name, as Go's `path.Match` does within a segment.
    private static func matchSegment(_ pattern: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>) -> Bool {
        var pattern = pattern
        var name = name
        while let character = pattern.first {
            switch character {
            case UInt8(ascii: "*"):
                let rest = pattern.dropFirst()
                var candidate = name
                while true {
                    if matchSegment(rest, candidate) { return true }
                    guard !candidate.isEmpty else { return false }
                    candidate = candidate.dropFirst()
                }
            case UInt8(ascii: "?"):
                guard !name.isEmpty else { return false }
                pattern = pattern.dropFirst()
                name = name.dropFirst()
            case UInt8(ascii: "["):
                guard let byte = name.first, let (matched, rest) = matchClass(pattern.dropFirst(), byte), matched
                else { return false }
                pattern = rest
                name = name.dropFirst()
            default:
                var literal = character
                if character == UInt8(ascii: "\\"), pattern.count > 1 {
                    pattern = pattern.dropFirst()
                    literal = pattern.first ?? character
                }
                guard name.first == literal else { return false }
                pattern = pattern.dropFirst()
                name = name.dropFirst()
            }
        }
        return name.isEmpty
    }

    /// A `[...]` class (after its `[`) against `byte`: whether it matched, and the pattern after `]`;
    /// nil for an unterminated class, which matches nothing.
    private static func matchClass(_ pattern: ArraySlice<UInt8>, _ byte: UInt8) -> (Bool, ArraySlice<UInt8>)? {
        var rest = pattern
        var negated = false
        if let first = rest.first, first == UInt8(ascii: "!") || first == UInt8(ascii: "^") {
            negated = true
            rest = rest.dropFirst()
        }
        var matched = false
        var isFirst = true
        while let low = rest.first {
            if low == UInt8(ascii: "]"), !isFirst { return (matched != negated, rest.dropFirst()) }
            isFirst = false
            rest = rest.dropFirst()
            var high = low
            if rest.count >= 2, rest.first == UInt8(ascii: "-"), rest.dropFirst().first != UInt8(ascii: "]") {
                high = rest.dropFirst().first ?? low
                rest = rest.dropFirst(2)
            }
            if low <= byte && byte <= high { matched = true }
        }
        return nil
    }
}
