import Foundation

/// What stops a replay before it compares anything.
public enum ReplayError: Error, LocalizedError, CustomStringConvertible, Sendable, Equatable {
    /// The transcript file cannot be read.
    case unreadable(String)
    /// The transcript is not in the documented shape.
    case malformedTranscript(String)
    /// The scenario's namespace could not be made fresh.
    case namespaceSetup(String)

    /// The message, starting with where.
    public var errorDescription: String? {
        switch self {
        case .unreadable(let path): "\(path): cannot read the transcript"
        case .malformedTranscript(let detail): "malformed transcript: \(detail)"
        case .namespaceSetup(let detail): "cannot prepare the namespace: \(detail)"
        }
    }

    /// The message, so that `"\(error)"` reads as a sentence.
    public var description: String { errorDescription ?? "" }
}
