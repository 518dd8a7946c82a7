import Foundation

/// Errors starting a sandbox.
public enum SandboxError: Error, Sendable, Equatable {
    /// The server could not bind its port.
    case cannotListen
    /// A saved state file does not hold a sandbox cluster.
    case damagedState
    /// The state file could not be written.
    case cannotSave(String)
}

extension SandboxError: LocalizedError, CustomStringConvertible {
    /// The message.
    public var errorDescription: String? {
        switch self {
        case .cannotListen: "the sandbox cannot listen on its port (is another process using it?)"
        case .damagedState: "the sandbox state file does not hold a sandbox cluster"
        case .cannotSave(let reason): "cannot save the sandbox state: \(reason)"
        }
    }

    /// The message, so that `"\(error)"` reads as a sentence.
    public var description: String { errorDescription ?? "" }
}
