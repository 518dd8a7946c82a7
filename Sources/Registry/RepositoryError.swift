import Foundation

/// Why a repository or credential template cannot be stored or removed; never holds a secret.
public enum RepositoryError: Error, Sendable, Equatable {
    /// An entry of that URL and scope exists and `replace` was not asked for.
    case alreadyStored(url: String, scope: RepositoryScope)
    /// No entry of that URL and scope; `stored` lists the ones there are.
    case notStored(url: String, scope: RepositoryScope, stored: [String])
    /// A field of the registration is unusable.
    case invalid(field: String, problem: String)
}

extension RepositoryError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .alreadyStored(let url, let scope):
            "\(Self.noun(scope)) \(url) is already stored; use --upsert to replace it"
        case .notStored(let url, let scope, let stored):
            "\(Self.noun(scope)) \(url) is not stored"
                + (stored.isEmpty ? "" : " (stored: \(stored.joined(separator: ", ")))")
        case .invalid(let field, let problem):
            "\(field): \(problem)"
        }
    }

    private static func noun(_ scope: RepositoryScope) -> String {
        scope == .repository ? "repository" : "credential template"
    }
}

extension RepositoryError: CustomStringConvertible {
    /// The message, so that `"\(error)"` reads as a sentence.
    public var description: String { errorDescription ?? "" }
}
