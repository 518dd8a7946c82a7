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

    private static let indicators: Set<Character> = [
        "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", " ",
        "+", ".", "~", "=",
    ]
    private static let yaml11Letters: Set<String> = ["y", "Y", "n", "N", "<<"]

    static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        if indicators.contains(first) || last == " " || last == ":" { return false }
        if first.isNumber, !looksLikeWord(text) { return false }
        if yaml11Letters.contains(text) { return false }
        if case .string = ScalarResolver.resolvePlain(text) {} else { return false }
        for scalar in text.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value > 0x7E {
            return false
        }
        return !text.contains(": ") && !text.contains(" #")
    }

    /// A string starting with a digit that no YAML reader takes for a number, date or
    /// time: it holds a letter other than `e`/`E` and no `:` (`10s`, `3m`, `2xlarge`).
    private static func looksLikeWord(_ text: String) -> Bool {
        !text.contains(":") && text.contains { $0.isLetter && $0 != "e" && $0 != "E" }
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
