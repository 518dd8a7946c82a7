/// A label key or value that Kubernetes would reject.
public struct LabelValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Kubernetes' rules for label keys and values (`validation.IsQualifiedName`, `IsValidLabelValue`).
public enum LabelValidation {
    /// Why `key` is not a valid label key, or nil when it is.
    public static func keyProblem(_ key: String) -> LabelValidationError? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            guard !prefix.isEmpty else {
                return LabelValidationError("label key \"\(key)\": prefix part must not be empty")
            }
            guard isDNSSubdomain(prefix) else {
                return LabelValidationError(
                    "label key \"\(key)\": prefix part must be a lowercase DNS subdomain (e.g. example.com), at most 253 characters"
                )
            }
            name = parts[1]
        default:
            return LabelValidationError("label key \"\(key)\": a qualified name has at most one \"/\"")
        }
        guard !name.isEmpty else { return LabelValidationError("label key \"\(key)\": name part must not be empty") }
        guard name.utf8.count <= 63 else {
            return LabelValidationError("label key \"\(key)\": name part must be at most 63 characters")
        }
        guard isQualifiedNamePart(name) else {
            return LabelValidationError(
                "label key \"\(key)\": name part must consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character")
        }
        return nil
    }

    /// Why `value` is not a valid label value, or nil when it is.
    public static func valueProblem(_ value: String) -> LabelValidationError? {
        if value.isEmpty { return nil }
        guard value.utf8.count <= 63 else {
            return LabelValidationError("label value \"\(value)\": must be at most 63 characters")
        }
        guard isQualifiedNamePart(Substring(value)) else {
            return LabelValidationError(
                "label value \"\(value)\": must be empty or consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character")
        }
        return nil
    }

    /// True for a lowercase RFC 1123 DNS subdomain of at most 253 characters.
    public static func isDNSSubdomain<S: StringProtocol>(_ text: S) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
            return isLowerAlnum(first) && isLowerAlnum(last)
                && bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// True for a lowercase RFC 1123 label (Namespace names): at most 63 characters.
    public static func isDNSLabel<S: StringProtocol>(_ text: S) -> Bool {
        !text.contains(".") && text.utf8.count <= 63 && isDNSSubdomain(text)
    }

    /// True for a DNS-1035 label (Service names): an RFC 1123 label starting with a letter.
    public static func isDNS1035Label<S: StringProtocol>(_ text: S) -> Bool {
        guard let first = text.utf8.first else { return false }
        return isDNSLabel(text) && first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")
    }

    private static func isQualifiedNamePart(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return isAlnum(first) && isAlnum(last)
            && text.utf8.allSatisfy {
                isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
            }
    }

    private static func isAlnum(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
