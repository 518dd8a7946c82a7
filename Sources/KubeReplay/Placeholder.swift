/// A whole-string placeholder of a transcript.
enum Placeholder: Equatable {
    case time
    case ip
    /// `uid:N` or `rv:N`.
    case bound(String)

    init?(_ text: String) {
        guard text.hasPrefix("<"), text.hasSuffix(">") else { return nil }
        let inner = String(text.dropFirst().dropLast())
        switch inner {
        case "time": self = .time
        case "ip": self = .ip
        default:
            let parts = inner.split(separator: ":")
            guard parts.count == 2, ["uid", "rv"].contains(parts[0]), Int(parts[1]) != nil else { return nil }
            self = .bound(inner)
        }
    }
}
