/// A glob as Argo CD matches project rules with (gobwas/glob): `*` any run of characters
/// except a separator, `**` any run at all, `?` one character except a separator, `[abc]`,
/// `[a-z]` and `[!a-z]` classes, `{a,b}` alternatives, `\` escaping the next character.
///
/// Matching works on Unicode scalars (Go's runes) and follows every possible position at once
/// (no backtracking), so a hostile pattern such as `*a*a*a*a*b` costs pattern length × text
/// length, not an exponential search; a text without the pattern's literal prefix fails at once.
public struct ProjectGlob: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let tokens: [Token]
    private let separators: Set<Unicode.Scalar>
    /// The literal scalars the pattern starts with, and whether that is all of it.
    private let prefix: [Unicode.Scalar]
    private let isLiteral: Bool

    private indirect enum Token: Sendable, Hashable {
        case literal(Unicode.Scalar)
        case single
        case star(crossesSeparators: Bool)
        case characterClass(negated: Bool, members: [ClosedRange<Unicode.Scalar>])
        case alternatives([[Token]])
    }

    /// The longest pattern accepted: rules are short, and a hostile fleet file gets no deep recursion.
    public static let maximumLength = 1024

    /// Compiles `pattern`; nil when it is malformed (an unclosed `[` or `{`, a trailing `\`) or
    /// longer than `maximumLength`.
    public init?(_ pattern: String, separators: Set<Character> = []) {
        guard pattern.unicodeScalars.count <= Self.maximumLength else { return nil }
        var characters = Array(pattern.unicodeScalars)[...]
        guard let tokens = Self.parse(&characters, inAlternative: false), characters.isEmpty else { return nil }
        self.pattern = pattern
        self.tokens = tokens
        self.separators = Set(separators.flatMap(\.unicodeScalars))
        prefix = tokens.prefix {
            if case .literal = $0 { true } else { false }
        }.compactMap {
            if case .literal(let scalar) = $0 { scalar } else { nil }
        }
        isLiteral = prefix.count == tokens.count
    }

    public var description: String { pattern }

    /// Whether `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        if isLiteral { return scalars == prefix }
        guard scalars.starts(with: prefix) else { return false }
        var start = [Bool](repeating: false, count: scalars.count + 1)
        start[prefix.count] = true
        return advance(start, through: tokens[prefix.count...], in: scalars)[scalars.count]
    }

    /// The positions reachable after `sequence`, from the positions `from`.
    private func advance(_ from: [Bool], through sequence: ArraySlice<Token>, in text: [Unicode.Scalar]) -> [Bool] {
        var current = from
        var next = [Bool](repeating: false, count: text.count + 1)
        for token in sequence {
            for position in next.indices { next[position] = false }
            switch token {
            case .star(let crossesSeparators):
                var reaching = false
                for position in 0...text.count {
                    if current[position] { reaching = true }
                    next[position] = reaching
                    if position < text.count, !crossesSeparators, separators.contains(text[position]) {
                        reaching = false
                    }
                }
            case .alternatives(let choices):
                for choice in choices {
                    let reached = advance(current, through: choice[...], in: text)
                    for position in reached.indices where reached[position] { next[position] = true }
                }
            default:
                for position in 0..<text.count where current[position] && accepts(token, text[position]) {
                    next[position + 1] = true
                }
            }
            swap(&current, &next)
            if !current.contains(true) { return current }
        }
        return current
    }

    private func accepts(_ token: Token, _ character: Unicode.Scalar) -> Bool {
        switch token {
        case .literal(let expected): character == expected
        case .single: !separators.contains(character)
        case .characterClass(let negated, let members):
            members.contains { $0.contains(character) } != negated && !separators.contains(character)
        case .star, .alternatives: false
        }
    }

    /// Tokens up to the end, or (inside `{…}`) up to the `,` or `}` that ends the alternative.
    private static func parse(_ characters: inout ArraySlice<Unicode.Scalar>, inAlternative: Bool) -> [Token]? {
        var tokens: [Token] = []
        while let character = characters.first {
            if inAlternative, character == "," || character == "}" { return tokens }
            characters.removeFirst()
            switch character {
            case "*":
                if characters.first == "*" {
                    characters.removeFirst()
                    tokens.append(.star(crossesSeparators: true))
                } else {
                    tokens.append(.star(crossesSeparators: false))
                }
            case "?": tokens.append(.single)
            case "\\":
                guard let escaped = characters.popFirst() else { return nil }
                tokens.append(.literal(escaped))
            case "[":
                guard let characterClass = parseClass(&characters) else { return nil }
                tokens.append(characterClass)
            case "{":
                var choices: [[Token]] = []
                while true {
                    guard let choice = parse(&characters, inAlternative: true), let end = characters.popFirst() else {
                        return nil
                    }
                    choices.append(choice)
                    if end == "}" { break }
                }
                tokens.append(.alternatives(choices))
            default: tokens.append(.literal(character))
            }
        }
        return inAlternative ? nil : tokens
    }

    /// `[abc]`, `[a-z]`, `[!a-z]` (and Go's `[^a-z]`), after the `[`.
    private static func parseClass(_ characters: inout ArraySlice<Unicode.Scalar>) -> Token? {
        var negated = false
        if let first = characters.first, first == "!" || first == "^" {
            negated = true
            characters.removeFirst()
        }
        var members: [ClosedRange<Unicode.Scalar>] = []
        while let character = characters.popFirst() {
            if character == "]", !members.isEmpty { return .characterClass(negated: negated, members: members) }
            var low = character
            if low == "\\" {
                guard let escaped = characters.popFirst() else { return nil }
                low = escaped
            }
            if characters.first == "-", characters.dropFirst().first.map({ $0 != "]" }) == true {
                characters.removeFirst()
                guard let high = characters.popFirst(), low <= high else { return nil }
                members.append(low...high)
            } else {
                members.append(low...low)
            }
        }
        return nil
    }
}
