import Foundation

/// A string split into literal text and `<<param>>` placeholders.
struct TemplateText: Sendable, Hashable {
    /// One piece of a template string.
    enum Segment: Sendable, Hashable {
        case literal(String)
        /// A placeholder: the param path and the text as written, `<< env >>`.
        case placeholder(path: ParamPath, written: String)
    }

    let segments: [Segment]

    /// True when the string holds no placeholder.
    var isLiteral: Bool { segments.allSatisfy { if case .literal = $0 { true } else { false } } }

    /// The param path when the string is exactly one placeholder and nothing else.
    var wholeValuePath: ParamPath? {
        guard segments.count == 1, case .placeholder(let path, _) = segments[0] else { return nil }
        return path
    }

    /// Splits `text`. Only `<<name>>` (spaces around the name allowed) is a placeholder, a name
    /// being letters, digits and `_ . - / [ ]`; any other `<<` stays as written (`cat <<EOF`
    /// in inline values, `<< >>`, `>> <<`), as Argo CD leaves text that is not a placeholder.
    static func parse(_ text: String) -> TemplateText {
        guard text.contains("<<") else { return TemplateText(segments: [.literal(text)]) }
        var segments: [Segment] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.range(of: "<<") {
            let afterOpen = rest[open.upperBound...]
            if let close = afterOpen.range(of: ">>") {
                let name = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if isParamName(name) {
                    literal += rest[..<open.lowerBound]
                    if !literal.isEmpty { segments.append(.literal(literal)) }
                    literal = ""
                    segments.append(
                        .placeholder(path: ParamPath(name), written: String(rest[open.lowerBound..<close.upperBound])))
                    rest = afterOpen[close.upperBound...]
                    continue
                }
            }
            // Not a placeholder: its first `<` is text, and a placeholder may start at the second.
            let next = rest.index(after: open.lowerBound)
            literal += rest[..<next]
            rest = rest[next...]
        }
        literal += rest
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return TemplateText(segments: segments)
    }

    /// Whether `name` can name a param: not empty, and only letters, digits and `_ . - / [ ]`.
    static func isParamName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                CharacterSet.alphanumerics.contains(scalar) || "_.-/[]".unicodeScalars.contains(scalar)
            }
    }
}
