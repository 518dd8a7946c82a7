/// One way an actual answer differs from the recorded one.
public struct ReplayDifference: Sendable, Equatable, CustomStringConvertible {
    /// Where: `status`, `warning`, or a JSON path into the body (`.metadata.labels["app"]`).
    public var path: String
    /// What the transcript holds there (`<absent>` when nothing).
    public var expected: String
    /// What the server answered there (`<absent>` when nothing).
    public var actual: String

    /// A difference.
    public init(path: String, expected: String, actual: String) {
        self.path = path
        self.expected = expected
        self.actual = actual
    }

    /// `path: expected X, got Y`.
    public var description: String {
        "\(path): expected \(expected), got \(actual)"
    }

    /// Whether this difference lies at or under `prefix`.
    public func lies(under prefix: String) -> Bool {
        guard path.hasPrefix(prefix) else { return false }
        let rest = path.dropFirst(prefix.count)
        return rest.isEmpty || rest.hasPrefix(".") || rest.hasPrefix("[") || prefix.isEmpty
    }
}
