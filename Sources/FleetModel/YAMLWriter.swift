/// Writes `JSONValue`s as block-style YAML in the shape `kubectl -o yaml` prints,
/// keeping map key order and quoting every string that a YAML reader would
/// otherwise read as something else.
public enum YAMLWriter {
    /// One document, ending in a newline (no `---` marker).
    public static func document(_ value: JSONValue) -> String {
        var output = ""
        switch value {
        case .object(let object) where !object.isEmpty:
            writeMap(object, indent: 0, into: &output)
        case .array(let elements) where !elements.isEmpty:
            writeList(elements, indent: 0, into: &output)
        default:
            writeInline(value, indent: 0, into: &output)
            output += "\n"
        }
        return output
    }

    /// A stream of documents separated by `---` lines.
    public static func stream(_ values: [JSONValue]) -> String {
        var output = ""
        for (index, value) in values.enumerated() {
            if index > 0 { output += "---\n" }
            output += document(value)
        }
        return output
    }

    private static func writeMap(_ object: JSONObject, indent: Int, into output: inout String) {
        let pad = Self.padding(indent)
        for (key, value) in object {
            output += pad
            YAMLScalarStyle.writeString(key, indent: indent, isKey: true, into: &output)
            output += ":"
            writeMember(value, indent: indent, listParent: false, into: &output)
        }
    }

    private static func writeList(_ elements: [JSONValue], indent: Int, into output: inout String) {
        let pad = Self.padding(indent)
        for element in elements {
            output += pad + "-"
            switch element {
            case .object(let object) where !object.isEmpty:
                var nested = ""
                writeMap(object, indent: indent + 2, into: &nested)
                output += " " + nested.dropFirst(indent + 2)
            case .array(let inner) where !inner.isEmpty:
                var nested = ""
                writeList(inner, indent: indent + 2, into: &nested)
                output += " " + nested.dropFirst(indent + 2)
            default:
                output += " "
                writeInline(element, indent: indent + 2, into: &output)
                output += "\n"
            }
        }
    }

    /// Writes what follows `key:` — a nested block on the next lines, or an inline value.
    private static func writeMember(_ value: JSONValue, indent: Int, listParent: Bool, into output: inout String) {
        switch value {
        case .object(let object) where !object.isEmpty:
            output += "\n"
            writeMap(object, indent: indent + 2, into: &output)
        case .array(let elements) where !elements.isEmpty:
            output += "\n"
            writeList(elements, indent: indent, into: &output)
        default:
            output += " "
            writeInline(value, indent: indent + 2, into: &output)
            output += "\n"
        }
    }

    private static let paddings = (0..<32).map { String(repeating: " ", count: $0) }

    private static func padding(_ width: Int) -> String {
        width < paddings.count ? paddings[width] : String(repeating: " ", count: width)
    }

    private static func writeInline(_ value: JSONValue, indent: Int, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += JSONWriter.format(number)
        case .string(let text): YAMLScalarStyle.writeString(text, indent: indent, into: &output)
        case .array: output += "[]"
        case .object: output += "{}"
        }
    }
}
