/// Why a target could not be rendered, diffed or synced. The message names the file,
/// object or cluster at fault and never holds a secret.
public struct ReconcileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, where.
    public var message: String

    /// An error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
