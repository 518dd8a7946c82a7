/// Writes `JSONValue`s as JSON text, keeping map key order.
public enum JSONWriter {
    /// Indented JSON (four spaces, as `kubectl -o json` prints), ending in a newline.
    public static func pretty(_ value: JSONValue) -> String {
        var output = ""
        write(value, indent: 0, pretty: true, into: &output)
        output += "\n"
        return output
    }

    /// JSON on one line, with no spaces.
    public static func compact(_ value: JSONValue) -> String {
        var output = ""
        write(value, indent: 0, pretty: false, into: &output)
        return output
    }

    /// The JSON spelling of a floating-point number.
    public static func format(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
            return String(Int(number)) + ".0"
        }
        return "\(number)"
    }

    private static func write(_ value: JSONValue, indent: Int, pretty: Bool, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += format(number)
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            guard !elements.isEmpty else { return output += "[]" }
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                newline(indent + 1, pretty: pretty, into: &output)
                write(element, indent: indent + 1, pretty: pretty, into: &output)
            }
            newline(indent, pretty: pretty, into: &output)
            output += "]"
        case .object(let object):
            guard !object.isEmpty else { return output += "{}" }
            output += "{"
            var first = true
            for (key, member) in object {
                if !first { output += "," }
                first = false
                newline(indent + 1, pretty: pretty, into: &output)
                writeString(key, into: &output)
                output += pretty ? ": " : ":"
                write(member, indent: indent + 1, pretty: pretty, into: &output)
            }
            newline(indent, pretty: pretty, into: &output)
            output += "}"
        }
    }

    private static func newline(_ indent: Int, pretty: Bool, into output: inout String) {
        guard pretty else { return }
        output += "\n"
        output += String(repeating: " ", count: indent * 4)
    }

    /// Appends `text` as a quoted, escaped JSON string.
    static func writeString(_ text: String, into output: inout String) {
        output += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += text
            return output += "\""
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                output += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
