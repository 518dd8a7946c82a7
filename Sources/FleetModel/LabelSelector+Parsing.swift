extension LabelSelector {
    /// Parses kubectl's selector syntax: `env=prod,tier!=db,region in (eu,us),!canary,team`.
    ///
    /// `=` and `==` mean In with one value, `!=` NotIn with one value, a bare key
    /// Exists and `!key` DoesNotExist. Keys and values are validated as Kubernetes does.
    public init(parsing text: String) throws(FleetModelError) {
        var parser = SelectorParser(text: text)
        do {
            self.init(requirements: try parser.parse())
        } catch {
            throw .invalidSelector(text, reason: error.message)
        }
    }
}

/// A recursive-descent parser over kubectl's label selector grammar.
private struct SelectorParser {
    enum Token: Equatable {
        case identifier(String)
        case equals, doubleEquals, notEquals, bang, open, close, comma
        case end
    }

    private var tokens: [Token]
    private var position = 0

    init(text: String) {
        tokens = Self.tokenize(text)
    }

    private static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var characters = Array(text)[...]
        while let character = characters.first {
            switch character {
            case " ", "\t", "\n":
                characters.removeFirst()
            case ",": tokens.append(.comma); characters.removeFirst()
            case "(": tokens.append(.open); characters.removeFirst()
            case ")": tokens.append(.close); characters.removeFirst()
            case "=":
                characters.removeFirst()
                if characters.first == "=" {
                    characters.removeFirst()
                    tokens.append(.doubleEquals)
                } else {
                    tokens.append(.equals)
                }
            case "!":
                characters.removeFirst()
                if characters.first == "=" {
                    characters.removeFirst()
                    tokens.append(.notEquals)
                } else {
                    tokens.append(.bang)
                }
            default:
                let word = characters.prefix { !" \t\n,()=!".contains($0) }
                characters.removeFirst(word.count)
                tokens.append(.identifier(String(word)))
            }
        }
        tokens.append(.end)
        return tokens
    }

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        defer { position += 1 }
        return tokens[position]
    }

    mutating func parse() throws(LabelValidationError) -> [LabelRequirement] {
        var requirements: [LabelRequirement] = []
        if current == .end { return requirements }
        while true {
            requirements.append(try requirement())
            switch advance() {
            case .end: return requirements
            case .comma: continue
            default: throw LabelValidationError("expected \",\" between requirements")
            }
        }
    }

    private mutating func requirement() throws(LabelValidationError) -> LabelRequirement {
        if current == .bang {
            position += 1
            return try build(key(), .doesNotExist, [])
        }
        let key = try key()
        switch current {
        case .equals, .doubleEquals:
            position += 1
            return try build(key, .in, [value()])
        case .notEquals:
            position += 1
            return try build(key, .notIn, [value()])
        case .identifier("in"):
            position += 1
            return try build(key, .in, valueSet())
        case .identifier("notin"):
            position += 1
            return try build(key, .notIn, valueSet())
        case .comma, .end:
            return try build(key, .exists, [])
        default:
            throw LabelValidationError("expected =, ==, !=, in or notin after \"\(key)\"")
        }
    }

    private mutating func key() throws(LabelValidationError) -> String {
        guard case .identifier(let key) = advance() else { throw LabelValidationError("expected a label key") }
        return key
    }

    private mutating func value() -> String {
        if case .identifier(let value) = current {
            position += 1
            return value
        }
        return ""
    }

    private mutating func valueSet() throws(LabelValidationError) -> [String] {
        guard advance() == .open else { throw LabelValidationError("expected \"(\" to open a set of values") }
        var values: [String] = []
        while true {
            values.append(value())
            switch advance() {
            case .comma: continue
            case .close:
                if values == [""] { throw LabelValidationError("a set of values must not be empty") }
                return values
            default: throw LabelValidationError("expected \",\" or \")\" in a set of values")
            }
        }
    }

    private func build(
        _ key: String, _ op: LabelRequirement.Operator, _ values: [String]
    ) throws(LabelValidationError)
        -> LabelRequirement
    {
        try LabelRequirement.validated(key: key, operator: op, values: values).get()
    }
}
