/// Chooses how a string is written in YAML: plain when no reader could take
/// it for anything else, a literal block for multi-line text, quoted otherwise.
enum YAMLScalarStyle {
    /// Writes `text` as a scalar; `isKey` rules out block styles, which cannot be keys.
    static func writeString(_ text: String, indent: Int, isKey: Bool = false, into output: inout String) {
        if isPlainSafe(text) {
            output += text
        } else if !isKey, isLiteralBlockSafe(text) {
            writeLiteralBlock(text, indent: indent, into: &output)
        } else if isSingleQuoteSafe(text) {
            output += "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        } else {
            JSONWriter.writeString(text, into: &output)
        }
    }

    /// Bytes that may not start a plain scalar (YAML indicators, and signs and dots that start numbers).
    private static let indicators: Set<UInt8> = Set("-?:,[]{}#&*!|>'\"%@` +.~=".utf8)
    private static let yaml11Letters: Set<String> = ["y", "Y", "n", "N", "<<"]

    /// True when `text` can be written without quotes and read back as the same string:
    /// printable ASCII, no indicator first, no `: ` or ` #`, and nothing a YAML 1.1
    /// reader would take for a boolean, null, number, date or time. One pass over the bytes.
    static func isPlainSafe(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        if indicators.contains(first) || last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { return false }
        var previous: UInt8 = 0
        var hasColon = false
        var hasWordLetter = false
        for byte in bytes {
            if byte < 0x20 || byte >= 0x7F { return false }
            if byte == UInt8(ascii: " "), previous == UInt8(ascii: ":") { return false }
            if byte == UInt8(ascii: "#"), previous == UInt8(ascii: " ") { return false }
            if byte == UInt8(ascii: ":") { hasColon = true }
            if Self.isLetter(byte), byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") { hasWordLetter = true }
            previous = byte
        }
        if first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") {
            // Starts like a number: plain only when it reads as a word (`10s`, `2xlarge`), never a
            // time, and no YAML reader takes it for a number (`0x1F`, `0b101`).
            guard hasWordLetter, !hasColon, case .string = ScalarResolver.resolvePlain(text) else { return false }
            return true
        }
        if bytes.count <= 5 {
            if yaml11Letters.contains(text) { return false }
            if case .string = ScalarResolver.resolvePlain(text) {} else { return false }
        }
        return true
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isSingleQuoteSafe(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy {
            $0.value >= 0x20 && $0.value != 0x7F && !$0.properties.isWhitespace || $0 == " "
        }
    }

    private static func isLiteralBlockSafe(_ text: String) -> Bool {
        guard text.contains("\n"), let first = text.first, first != " ", first != "\n" else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar == "\n"
                || (scalar.value >= 0x20 && scalar.value != 0x7F && scalar.value != 0x85
                    && scalar.value != 0x2028 && scalar.value != 0x2029 && scalar.value != 0xFEFF)
        } && !text.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.hasSuffix(" ") }
    }

    private static func writeLiteralBlock(_ text: String, indent: Int, into output: inout String) {
        let trailingNewlines = text.reversed().prefix { $0 == "\n" }.count
        let chomping = trailingNewlines == 0 ? "-" : trailingNewlines == 1 ? "" : "+"
        output += "|" + chomping
        let pad = String(repeating: " ", count: max(indent, 2))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if trailingNewlines > 0 { lines.removeLast() }
        for line in lines {
            output += "\n"
            if !line.isEmpty { output += pad + line }
        }
    }
}
