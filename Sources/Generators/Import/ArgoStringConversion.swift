/// One `{{ … }}` action of a string and what becomes of it.
struct ArgoOccurrence: Sendable, Hashable {
    /// What becomes of an action.
    enum Outcome: Sendable, Hashable {
        /// Rewritten as this Flotilla placeholder.
        case replace(String)
        /// Left as written, with the reason (a note).
        case keep(String)
        /// Not convertible, with the reason (a problem).
        case reject(String)
    }

    /// The action as written, `{{ .name }}`.
    let written: String
    let outcome: Outcome
}

/// One Argo CD template string turned into a Flotilla one.
struct ArgoStringConversion: Sendable, Hashable {
    /// The string with every convertible action replaced.
    var converted: String
    /// Every action, in order.
    var occurrences: [ArgoOccurrence]
    /// Problems that concern the whole string rather than one action.
    var problems: [String]

    /// Converts `text`, written for Argo CD in `syntax`.
    init(_ text: String, syntax: ArgoTemplateSyntax) {
        converted = text
        occurrences = []
        problems = []
        if !TemplateText.parse(text).isLiteral {
            problems.append(
                "holds text that reads as a Flotilla placeholder (<<name>>); Argo CD takes it as text, "
                    + "Flotilla would substitute it")
        }
        guard text.contains("{{") else { return }
        guard let pieces = ArgoTemplatePiece.split(text) else {
            problems.append("a {{ without a closing }} (Argo CD refuses such a template)")
            return
        }
        var output = ""
        for piece in pieces {
            switch piece {
            case .text(let literal):
                output += literal
            case .action(let inner, let written):
                switch ArgoActionTranslation.translate(inner, syntax: syntax) {
                case .placeholder(let name):
                    output += "<<\(name)>>"
                    occurrences.append(ArgoOccurrence(written: written, outcome: .replace("<<\(name)>>")))
                case .keep:
                    output += written
                    occurrences.append(
                        ArgoOccurrence(
                            written: written, outcome: .keep("\(written) left as written: it cannot name a param")))
                case .unsupported(let construct):
                    output += written
                    occurrences.append(
                        ArgoOccurrence(
                            written: written,
                            outcome: .reject(
                                "\(written) uses \(construct), which Flotilla templates have no equivalent for "
                                    + "(only plain {{.param}} lookups convert)")))
                }
            }
        }
        converted = output
    }
}
