import FleetModel
import KubeClient

/// Compares an actual answer with a recorded one, reading the recording's placeholders as
/// the README defines them: `<uid:N>` and `<rv:N>` bind one-to-one to actual values,
/// `<time>` is any RFC 3339 time in seconds, `<ip>` any IP address; a recorded string that
/// holds a raw uid or IP is compared up to it.
public struct ResponseMatcher: Sendable {
    /// The bindings made so far in this replay.
    public private(set) var bindings = PlaceholderBindings()

    /// A matcher with no bindings.
    public init() {}

    /// The differences between `actual` and `expected`; matching placeholders are bound.
    public mutating func compare(_ expected: TranscriptResponse, _ actual: KubeResponse) -> [ReplayDifference] {
        var differences: [ReplayDifference] = []
        if expected.status != actual.status {
            differences.append(
                ReplayDifference(path: "status", expected: "\(expected.status)", actual: "\(actual.status)"))
        }
        let warnings = actual.warnings
        let actualWarning = warnings.isEmpty ? nil : warnings.joined(separator: "\n")
        if expected.warning != actualWarning {
            differences.append(
                ReplayDifference(
                    path: "warning", expected: expected.warning ?? "<absent>", actual: actualWarning ?? "<absent>"))
        }
        let text = String(decoding: actual.body, as: UTF8.self)
        if case .string(let expectedText) = expected.body {
            if !Self.textMatches(expectedText, text) {
                differences.append(ReplayDifference(path: "body", expected: expectedText, actual: text))
            }
            return differences
        }
        guard let body = try? JSONReader.parse(actual.body) else {
            differences.append(
                ReplayDifference(path: "body", expected: JSONWriter.compact(expected.body), actual: text))
            return differences
        }
        compare(expected.body, body, path: "", into: &differences)
        return differences
    }

    private mutating func compare(
        _ expected: JSONValue, _ actual: JSONValue, path: String, into differences: inout [ReplayDifference]
    ) {
        switch (expected, actual) {
        case (.object(let want), .object(let got)):
            for (key, value) in want.members {
                let childPath = Self.member(path, key)
                if let gotValue = got[key] {
                    compare(value, gotValue, path: childPath, into: &differences)
                } else {
                    differences.append(
                        ReplayDifference(path: childPath, expected: JSONWriter.compact(value), actual: "<absent>"))
                }
            }
            for (key, value) in got.members where want[key] == nil {
                differences.append(
                    ReplayDifference(
                        path: Self.member(path, key), expected: "<absent>", actual: JSONWriter.compact(value)))
            }
        case (.array(let want), .array(let got)):
            for index in 0..<max(want.count, got.count) {
                let childPath = "\(path)[\(index)]"
                if index < want.count, index < got.count {
                    compare(want[index], got[index], path: childPath, into: &differences)
                } else if index < want.count {
                    differences.append(
                        ReplayDifference(path: childPath, expected: JSONWriter.compact(want[index]), actual: "<absent>")
                    )
                } else {
                    differences.append(
                        ReplayDifference(path: childPath, expected: "<absent>", actual: JSONWriter.compact(got[index])))
                }
            }
        case (.string(let want), .string(let got)):
            if let problem = match(want, got) {
                differences.append(ReplayDifference(path: path.isEmpty ? "." : path, expected: problem, actual: got))
            }
        case (.int(let want), .double(let got)) where Double(want) == got:
            break
        default:
            if expected != actual {
                differences.append(
                    ReplayDifference(
                        path: path.isEmpty ? "." : path, expected: JSONWriter.compact(expected),
                        actual: JSONWriter.compact(actual)))
            }
        }
    }

    /// Nil when `actual` matches the recorded string `expected`, else what was expected.
    private mutating func match(_ expected: String, _ actual: String) -> String? {
        if let placeholder = Placeholder(expected) {
            switch placeholder {
            case .time: return TextPatterns.isTime(actual) ? nil : "an RFC 3339 time"
            case .ip: return TextPatterns.isIP(actual) ? nil : "an IP address"
            case .bound(let name):
                switch bindings.bind(name, to: actual) {
                case .consistent: return nil
                case .placeholderBound(let value): return "<\(name)> (bound to \(value) before)"
                case .valueBound(let other): return "<\(name)> (the value of <\(other)> before: a new value)"
                }
            }
        }
        return Self.textMatches(expected, actual) ? nil : expected
    }

    /// Equal, or equal up to the first raw uid or IP address in `expected`.
    static func textMatches(_ expected: String, _ actual: String) -> Bool {
        guard let cut = TextPatterns.firstUIDOrIP(in: expected) else { return expected == actual }
        return actual.hasPrefix(expected[..<cut])
    }

    private static func member(_ path: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        return plain ? "\(path).\(key)" : "\(path)[\(JSONWriter.compact(.string(key)))]"
    }
}
