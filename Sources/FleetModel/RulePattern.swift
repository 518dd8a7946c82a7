/// A project rule's pattern, compiled once: a glob, perhaps negated by a leading `!`, as
/// Argo CD's `globMatch` reads it (`*` alone matches everything).
struct RulePattern: Sendable, Hashable {
    /// The pattern as written.
    let text: String
    /// Whether it starts with `!`.
    let negated: Bool
    private let glob: ProjectGlob?
    private let matchesAll: Bool

    /// `text` compiled with `separators`, the glob (after any `!`) passed through `normalize`.
    init(_ text: String, separators: Set<Character> = [], normalize: (String) -> String = { $0 }) {
        self.text = text
        negated = text.hasPrefix("!")
        let body = normalize(negated ? String(text.dropFirst()) : text)
        matchesAll = !negated && body == "*"
        glob = ProjectGlob(body, separators: separators)
    }

    /// Argo CD's `globMatch` with negation: a `!` pattern matches what its glob does not.
    func matches(_ value: String) -> Bool {
        if negated { return !(glob?.matches(value) ?? false) }
        return matchesAll || (glob?.matches(value) ?? false)
    }
}

/// One of `spec.destinations`, compiled.
struct DestinationPattern: Sendable, Hashable {
    let name: RulePattern?
    let server: RulePattern?
    let namespace: RulePattern

    init(_ destination: ApplicationDestination) {
        name = destination.name.map { RulePattern($0) }
        server = destination.server.map { RulePattern($0) }
        namespace = RulePattern(destination.namespace ?? "")
    }
}
