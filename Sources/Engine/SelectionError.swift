/// A selection of targets that names or matches nothing, or contradicts itself: a usage
/// error (the command line exits 2), its message listing what exists.
public struct SelectionError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, and what there is instead.
    public let message: String

    /// An error saying `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
