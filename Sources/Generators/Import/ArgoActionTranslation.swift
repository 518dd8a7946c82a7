import Foundation

/// What one Argo CD template action becomes in a Flotilla template.
enum ArgoActionTranslation: Sendable, Hashable {
    /// The Flotilla param the action looks up: it becomes `<<name>>`.
    case placeholder(String)
    /// Text Argo CD leaves as written (a fasttemplate tag that cannot name a param).
    case keep
    /// A construct Flotilla templates have no equivalent for, described for a message.
    case unsupported(construct: String)

    /// Translates the action whose text between the braces is `inner`.
    static func translate(_ inner: String, syntax: ArgoTemplateSyntax) -> ArgoActionTranslation {
        switch syntax {
        case .fasttemplate:
            // Argo CD trims the tag and leaves `{{tag}}` in place when no param has that name.
            let tag = inner.trimmingCharacters(in: .whitespacesAndNewlines)
            return TemplateText.isParamName(tag) && !tag.hasPrefix(".") ? .placeholder(tag) : .keep
        case .goTemplate:
            return translateGo(inner)
        }
    }

    private static func translateGo(_ inner: String) -> ArgoActionTranslation {
        if inner.hasPrefix("- ") || inner.hasSuffix(" -") || inner == "-" {
            return .unsupported(construct: "whitespace trimming ({{- or -}})")
        }
        let action = inner.trimmingCharacters(in: .whitespacesAndNewlines)
        if let fields = plainLookup(action) {
            // The git generators' `.path.path` is fasttemplate's `path` (`.prefix.path.path`: `prefix.path`).
            let names = fields.count >= 2 && fields.suffix(2) == ["path", "path"] ? Array(fields.dropLast()) : fields
            return .placeholder(names.joined(separator: "."))
        }
        return .unsupported(construct: describe(action))
    }

    /// The field names of a plain lookup such as `.metadata.labels.env`, else nil.
    private static func plainLookup(_ action: String) -> [String]? {
        guard action.hasPrefix("."), action.count > 1 else { return nil }
        let fields = action.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return fields.allSatisfy(isIdentifier) ? fields : nil
    }

    private static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !CharacterSet.decimalDigits.contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" }
    }

    private static let keywords: Set<String> = [
        "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
    ]

    /// Names the construct of an action that is not a plain lookup.
    private static func describe(_ action: String) -> String {
        if action.hasPrefix("/*") { return "a comment" }
        if action.isEmpty { return "an empty action" }
        if action.contains("|") { return "a pipeline (|)" }
        let word = String(action.prefix { !$0.isWhitespace && $0 != "(" })
        if keywords.contains(word) { return "the action \(word)" }
        if word.hasPrefix("$") { return "a variable (\(word))" }
        if word.hasPrefix(".") { return "arguments after the lookup \(word)" }
        if word.hasPrefix("\"") || word.hasPrefix("`") || word.first?.isNumber == true { return "a constant" }
        if word.hasPrefix("(") || action.hasPrefix("(") { return "a parenthesised expression" }
        return "the function \(word)"
    }
}
