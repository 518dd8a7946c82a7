/// A chart version, semantic-versioning style (`1.2.3`, `v1.2.3-rc.1+build`), ordered as
/// Helm orders them (a prerelease before its release; build metadata ignored).
public struct HelmVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Major, minor and patch.
    public var numbers: [Int]
    /// The prerelease identifiers (`rc`, `1`), empty for a release.
    public var prerelease: [String]
    /// As written.
    public var description: String

    /// Parses `text`; nil when it is not a version. Missing minor or patch numbers are 0 (`1.2` is `1.2.0`).
    public init?(_ text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("v") { body = body.dropFirst() }
        if let plus = body.firstIndex(of: "+") { body = body[..<plus] }
        var pre: [String] = []
        if let dash = body.firstIndex(of: "-") {
            pre = body[body.index(after: dash)...].split(separator: ".").map(String.init)
            guard !pre.isEmpty else { return nil }
            body = body[..<dash]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard let number = Int(part), number >= 0 else { return nil }
            numbers.append(number)
        }
        self.numbers = numbers + Array(repeating: 0, count: 3 - numbers.count)
        self.prerelease = pre
        self.description = text
    }

    public static func < (lhs: HelmVersion, rhs: HelmVersion) -> Bool {
        if lhs.numbers != rhs.numbers { return lhs.numbers.lexicographicallyPrecedes(rhs.numbers) }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        default: break
        }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            switch (Int(left), Int(right)) {
            case (let a?, let b?): return a < b
            case (.some, nil): return true
            case (nil, .some): return false
            default: return left < right
            }
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    public static func == (lhs: HelmVersion, rhs: HelmVersion) -> Bool {
        lhs.numbers == rhs.numbers && lhs.prerelease == rhs.prerelease
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(numbers)
        hasher.combine(prerelease)
    }
}
