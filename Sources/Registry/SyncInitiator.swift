/// Who asked for a sync, as Argo CD's history shows it ("initiated by").
public enum SyncInitiator: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `flotilla serve` on its own (automated sync, self-heal).
    case automated
    /// Someone on the command line: the operating system's user name.
    case user(String)
    /// A caller of `flotilla serve`'s API or dashboard: the name of its token.
    case token(String)

    /// The stored form: `automated`, `user:NAME` or `token:NAME`.
    public var description: String {
        switch self {
        case .automated: "automated"
        case .user(let name): "user:\(name)"
        case .token(let name): "token:\(name)"
        }
    }

    /// The initiator stored as `text` (see `description`); nil when it is none of them.
    public init?(stored text: String) {
        if text == "automated" {
            self = .automated
        } else if text.hasPrefix("user:") {
            self = .user(String(text.dropFirst(5)))
        } else if text.hasPrefix("token:") {
            self = .token(String(text.dropFirst(6)))
        } else {
            return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let initiator = SyncInitiator(stored: text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "unknown initiator \(text)"))
        }
        self = initiator
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
