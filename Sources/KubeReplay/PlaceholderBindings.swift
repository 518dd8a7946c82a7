/// What the placeholders of a transcript (`<uid:N>`, `<rv:N>`) stand for in a replay: a
/// one-to-one relation per kind, so that "the same N is the same value, a new N a new
/// value" holds for the actual answers as it held for the recorded ones.
public struct PlaceholderBindings: Sendable, Equatable {
    private var valueOf: [String: String] = [:]
    private var placeholderOf: [String: String] = [:]

    /// No bindings yet.
    public init() {}

    /// The outcome of matching one placeholder against one actual value.
    public enum Outcome: Sendable, Equatable {
        /// The pair is consistent with every earlier binding (and is recorded).
        case consistent
        /// The placeholder stood for another value before.
        case placeholderBound(to: String)
        /// The value was another placeholder's before.
        case valueBound(to: String)
    }

    /// Binds `placeholder` (`rv:2`) to `value` unless that breaks the one-to-one relation.
    public mutating func bind(_ placeholder: String, to value: String) -> Outcome {
        let kind = placeholder.split(separator: ":").first.map(String.init) ?? placeholder
        let valueKey = "\(kind)\u{0}\(value)"
        if let bound = valueOf[placeholder] {
            return bound == value ? .consistent : .placeholderBound(to: bound)
        }
        if let other = placeholderOf[valueKey] { return .valueBound(to: other) }
        valueOf[placeholder] = value
        placeholderOf[valueKey] = placeholder
        return .consistent
    }

    /// The value `placeholder` stands for, once bound.
    public func value(of placeholder: String) -> String? {
        valueOf[placeholder]
    }
}
