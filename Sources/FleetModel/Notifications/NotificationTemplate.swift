import Foundation

/// A webhook body: a JSON value whose strings may hold `<<field>>` placeholders.
///
/// Substitution happens inside string values only and the result is serialized as JSON, so a
/// field's text (a commit message, an error) is always escaped and stays inside its string:
/// no value can add keys, close the document or change its structure.
public enum NotificationTemplate {
    /// The largest template, as compact JSON (bytes): a body, not a payload store.
    public static let maximumSize = 16 * 1024

    /// `template` with every placeholder replaced by its field's value.
    public static func render(_ template: JSONValue, fields: [NotificationField: String]) -> JSONValue {
        switch template {
        case .string(let text):
            return .string(substitute(text, fields: fields))
        case .array(let items):
            return .array(items.map { render($0, fields: fields) })
        case .object(let object):
            return .object(JSONObject(object.members.map { ($0.key, render($0.value, fields: fields)) }))
        default:
            return template
        }
    }

    /// The placeholder names in `text` (`<<name>>`, spaces inside the brackets allowed), in order.
    public static func placeholders(in text: String) -> [String] {
        pieces(of: text).compactMap { piece -> String? in
            guard case .placeholder(let name) = piece else { return nil }
            return name
        }
    }

    /// `text` with each known placeholder replaced (unknown ones never pass the decoder).
    static func substitute(_ text: String, fields: [NotificationField: String]) -> String {
        var result = ""
        for piece in pieces(of: text) {
            switch piece {
            case .literal(let literal): result += literal
            case .placeholder(let name): result += NotificationField(rawValue: name).flatMap { fields[$0] } ?? ""
            }
        }
        return result
    }

    private enum Piece {
        case literal(Substring)
        case placeholder(String)
    }

    private static func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = text[...]
        while let open = rest.range(of: "<<"), let close = rest[open.upperBound...].range(of: ">>") {
            pieces.append(.literal(rest[..<open.lowerBound]))
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            pieces.append(.placeholder(name))
            rest = rest[close.upperBound...]
        }
        pieces.append(.literal(rest))
        return pieces
    }
}
