/// The shapes of values the transcripts normalize: times, IP addresses, uids.
enum TextPatterns {
    /// `2026-01-02T03:04:05Z`: RFC 3339 in whole seconds, UTC, as the API server writes times.
    static func isTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 else { return false }
        let shape = Array("0000-00-00T00:00:00Z".utf8)
        return zip(bytes, shape).allSatisfy { got, want in
            want == UInt8(ascii: "0") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(got) : got == want
        }
    }

    /// An IPv4 or IPv6 address.
    static func isIP(_ text: String) -> Bool {
        isIPv4(Substring(text)) || (text.contains(":") && text.allSatisfy { $0.isHexDigit || $0 == ":" })
    }

    private static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isNumber) && Int(part).map { $0 <= 255 } == true
            }
    }

    /// Where the first uid (`8-4-4-4-12` hex) or dotted IPv4 address in `text` starts.
    static func firstUIDOrIP(in text: String) -> String.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if isUID(rest.prefix(36)) { return index }
            let candidate = rest.prefix { $0.isNumber || $0 == "." }
            if !candidate.isEmpty, isIPv4(candidate),
                index == text.startIndex || !text[text.index(before: index)].isNumber
            {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }

    private static func isUID(_ text: Substring) -> Bool {
        let characters = Array(text)
        guard characters.count == 36 else { return false }
        for (offset, character) in characters.enumerated() {
            if [8, 13, 18, 23].contains(offset) {
                guard character == "-" else { return false }
            } else {
                guard character.isHexDigit, !character.isUppercase else { return false }
            }
        }
        return true
    }
}
