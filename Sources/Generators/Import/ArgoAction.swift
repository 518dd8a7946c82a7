/// A piece of an Argo CD template string: text, or one `{{ … }}` action.
enum ArgoTemplatePiece: Sendable, Hashable {
    case text(String)
    /// An action: the text between the braces, and the action as written (`{{ .name }}`).
    case action(inner: String, written: String)

    /// Splits `text` at `{{` … `}}`. Nil when a `{{` has no closing `}}` (Argo CD's
    /// fasttemplate and Go's text/template both refuse such a template).
    static func split(_ text: String) -> [ArgoTemplatePiece]? {
        guard text.contains("{{") else { return [.text(text)] }
        var pieces: [ArgoTemplatePiece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else { return nil }
            pieces.append(
                .action(
                    inner: String(afterOpen[..<close.lowerBound]),
                    written: String(rest[open.lowerBound..<close.upperBound])))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }
}
