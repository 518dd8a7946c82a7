import Foundation

/// Errors of creating and revoking API tokens; none ever carries a secret.
public enum ApiTokenError: Error, Sendable, Equatable {
    /// A token name that is empty, too long or holds other characters than letters, digits, `-`, `_` and `.`.
    case invalidName(String)
    /// An AppProject name that is not a Kubernetes object name.
    case invalidProject(String)
    /// A token of that name exists and is not revoked.
    case nameInUse(String)
    /// No token of that name can be revoked; `revocable` names those that can.
    case unknownName(String, revocable: [String])
    /// An expiry that is not after the creation time.
    case expiryInPast(name: String)
}

extension ApiTokenError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .invalidName(let name):
            "token name \"\(name)\" is invalid: use 1 to 63 letters, digits, '-', '_' or '.', "
                + "beginning with a letter or digit"
        case .invalidProject(let project):
            "project \"\(project)\" is invalid: an AppProject name is lower-case letters, digits, '-' and '.'"
        case .nameInUse(let name):
            "token \"\(name)\" exists already; revoke it first (flotilla token revoke \(name)) or choose another name"
        case .unknownName(let name, let revocable):
            "no token \"\(name)\" to revoke; "
                + (revocable.isEmpty ? "there is none" : "tokens: \(revocable.joined(separator: ", "))")
        case .expiryInPast(let name):
            "token \"\(name)\": the expiry must be in the future"
        }
    }
}

extension ApiTokenError: CustomStringConvertible {
    /// The message, so that `"\(error)"` reads as a sentence rather than an enum case.
    public var description: String { errorDescription ?? "" }
}
