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

    /// Splits `text`; `<<` without a closing `>>`, or an empty placeholder, is an error.
    static func parse(_ text: String) -> Result<TemplateText, TemplateSyntaxProblem> {
        guard text.contains("<<") else { return .success(TemplateText(segments: [.literal(text)])) }
        var segments: [Segment] = []
        var rest = Substring(text)
        while let open = rest.range(of: "<<") {
            if open.lowerBound > rest.startIndex { segments.append(.literal(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: ">>") else {
                return .failure(
                    TemplateSyntaxProblem(
                        "unterminated placeholder \"\(rest[open.lowerBound...])\": \"<<\" needs a closing \">>\""))
            }
            let name = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            let written = String(rest[open.lowerBound..<close.upperBound])
            guard !name.isEmpty else { return .failure(TemplateSyntaxProblem("empty placeholder \"\(written)\"")) }
            guard !name.contains("<<") else {
                return .failure(
                    TemplateSyntaxProblem("unterminated placeholder in \"\(written)\": \"<<\" needs a closing \">>\""))
            }
            segments.append(.placeholder(path: ParamPath(name), written: written))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { segments.append(.literal(String(rest))) }
        return .success(TemplateText(segments: segments))
    }
}

/// Why a template string does not parse.
struct TemplateSyntaxProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
