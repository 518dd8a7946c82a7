import Foundation

/// Errors of the cluster registry; none ever carries a secret.
public enum RegistryError: Error, Sendable, Equatable {
    /// The registry folder or database cannot be opened or created.
    case unavailable(path: String, reason: String)
    /// `$FLOTILLA_KEY` is set but is not 32 bytes in base64 or hex.
    case malformedKey(source: String)
    /// The registry holds sealed credentials but no key was found.
    case missingKey(keyFile: String)
    /// The key (from `source`) does not open the credentials in `database`.
    case wrongKey(source: String, database: String)
    /// A cluster of that name is already registered.
    case alreadyExists(String)
    /// No cluster of that name is registered.
    case notFound(String)
    /// A label that Kubernetes would reject.
    case invalidLabel(cluster: String, problem: String)
    /// A database operation failed.
    case database(String)
}

extension RegistryError {
    /// Whether the registry itself cannot be used — it cannot be opened, or the key does not
    /// fit it: every command then exits 2 with the same sentence.
    public var isUnusableRegistry: Bool {
        switch self {
        case .unavailable, .malformedKey, .missingKey, .wrongKey: true
        default: false
        }
    }
}

extension RegistryError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .unavailable(let path, let reason):
            "\(path): cannot open the registry: \(reason)"
        case .malformedKey(let source):
            "\(source): the registry key must be 32 bytes, written as base64 (44 characters) or hex (64 characters)"
        case .missingKey(let keyFile):
            "\(keyFile): the registry holds sealed credentials but its key is missing; restore the key file "
                + "or set FLOTILLA_KEY to the key the registry was written with"
        case .wrongKey(let source, let database):
            "the key in \(source) does not open the credentials in \(database) (they were sealed with another key)"
        case .alreadyExists(let name):
            "cluster \"\(name)\" is already registered; use --replace to overwrite it"
        case .notFound(let name):
            "cluster \"\(name)\" is not registered"
        case .invalidLabel(let cluster, let problem):
            "cluster \"\(cluster)\": \(problem)"
        case .database(let message):
            "registry: \(message)"
        }
    }
}

extension RegistryError: CustomStringConvertible {
    /// The message, so that `"\(error)"` reads as a sentence rather than an enum case.
    public var description: String { errorDescription ?? "" }
}
