/// A chart version constraint as Helm reads `--version` (Masterminds/semver): `1.2.3`,
/// `1.2.*`/`1.2.x`, `~1.2`, `^1.2`, comparisons (`>=1.0 <2.0`, comma or space between
/// them meaning "and"), `||` between alternatives, `*` or empty for any. Prereleases match
/// only a constraint that names one, as in Helm.
public struct HelmVersionRange: Sendable, CustomStringConvertible {
    /// As written.
    public var description: String
    private var alternatives: [[Comparison]]

    private struct Comparison {
        enum Operator { case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual }
        var op: Operator
        var version: HelmVersion
    }

    /// Parses `text`; nil when it is not a constraint.
    public init?(_ text: String) {
        description = text
        alternatives = []
        for alternative in text.components(separatedBy: "||") {
            var comparisons: [Comparison] = []
            for term in Self.terms(alternative) {
                guard let parsed = Self.comparisons(term) else { return nil }
                comparisons += parsed
            }
            alternatives.append(comparisons)
        }
    }

    /// Whether `version` satisfies the constraint.
    public func matches(_ version: HelmVersion) -> Bool {
        alternatives.contains { comparisons in
            if !version.prerelease.isEmpty {
                // A prerelease matches only where a bound of the same numbers names a prerelease.
                guard
                    comparisons.contains(where: {
                        !$0.version.prerelease.isEmpty && $0.version.numbers == version.numbers
                    })
                else { return false }
            }
            return comparisons.allSatisfy { comparison in
                switch comparison.op {
                case .equal: version == comparison.version
                case .notEqual: version != comparison.version
                case .less: version < comparison.version
                case .lessOrEqual: version <= comparison.version
                case .greater: version > comparison.version
                case .greaterOrEqual: version >= comparison.version
                }
            }
        }
    }

    /// The highest of `versions` that matches.
    public func best(of versions: [HelmVersion]) -> HelmVersion? {
        versions.filter(matches).max()
    }

    /// `">= 1.0, <2"` → `[">=1.0", "<2"]`: an operator may stand apart from its version.
    private static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        var pending = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," }) {
            let piece = pending + word
            if piece.allSatisfy({ "<>=!~^".contains($0) }) {
                pending = piece
            } else {
                terms.append(piece)
                pending = ""
            }
        }
        return pending.isEmpty ? terms : terms + [pending]
    }

    private static func comparisons(_ term: String) -> [Comparison]? {
        let operators = [">=", "<=", "!=", "=>", "=<", ">", "<", "=", "~>", "~", "^"]
        let op = operators.first { term.hasPrefix($0) } ?? ""
        let rest = String(term.dropFirst(op.count)).trimmingCharacters(in: .whitespaces)
        guard !rest.isEmpty else { return nil }
        if rest == "*" || rest == "x" || rest == "X" {
            return op.isEmpty || op == "=" || op == ">=" ? [] : nil
        }
        var body = rest.hasPrefix("v") ? String(rest.dropFirst()) : rest
        var pre = ""
        if let dash = body.firstIndex(of: "-") {
            pre = String(body[dash...])
            body = String(body[..<dash])
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count) else { return nil }
        let wildcard = parts.firstIndex { $0 == "*" || $0 == "x" || $0 == "X" }
        let given = wildcard ?? parts.count
        guard given > 0, parts[..<given].allSatisfy({ Int($0) != nil }) else { return nil }
        let numbers = parts[..<given].compactMap { Int($0) }
        func version(_ values: [Int], _ prerelease: String = "") -> HelmVersion? {
            HelmVersion(values.map(String.init).joined(separator: ".") + prerelease)
        }
        let padded = numbers + Array(repeating: 0, count: 3 - numbers.count)
        guard let low = version(padded, pre) else { return nil }
        func upper(_ index: Int) -> HelmVersion? {
            var bumped = Array(padded.prefix(index + 1))
            bumped[index] += 1
            return version(bumped + Array(repeating: 0, count: 3 - bumped.count), "-0")
        }
        switch op {
        case "", "=":
            guard numbers.count < 3 else { return [Comparison(op: .equal, version: low)] }
            guard let high = upper(numbers.count - 1) else { return nil }
            return [Comparison(op: .greaterOrEqual, version: low), Comparison(op: .less, version: high)]
        case "!=": return [Comparison(op: .notEqual, version: low)]
        case ">": return [Comparison(op: .greater, version: low)]
        case "<": return [Comparison(op: .less, version: low)]
        case ">=", "=>": return [Comparison(op: .greaterOrEqual, version: low)]
        case "<=", "=<": return [Comparison(op: .lessOrEqual, version: low)]
        case "~", "~>":
            guard let high = upper(numbers.count == 1 ? 0 : 1) else { return nil }
            return [Comparison(op: .greaterOrEqual, version: low), Comparison(op: .less, version: high)]
        default:
            // `^`: the leftmost non-zero number may not change (`^0.2.3` is `<0.3.0`, `^0.0` is `<0.1.0`).
            let index = padded.firstIndex { $0 != 0 }.map { min($0, numbers.count - 1) } ?? max(numbers.count - 1, 0)
            guard let high = upper(min(index, 2)) else { return nil }
            return [Comparison(op: .greaterOrEqual, version: low), Comparison(op: .less, version: high)]
        }
    }
}
