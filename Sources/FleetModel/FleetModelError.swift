import Foundation

/// Errors found while reading fleet documents: each names where it happened.
public enum FleetModelError: Error, Sendable, Equatable {
    /// A file could not be read.
    case unreadable(file: String, reason: String)
    /// The text is not valid YAML.
    case yaml(SourceLocation, problem: String)
    /// A field is missing, of the wrong type or has a bad value.
    case invalidField(SourceLocation, path: JSONPath, message: String)
    /// A document of a kind Flotilla does not know.
    case unknownKind(SourceLocation, apiVersion: String, kind: String)
    /// A label selector that does not parse or validate.
    case invalidSelector(String, reason: String)
}

extension FleetModelError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read: \(reason)"
        case .yaml(let location, let problem):
            "\(location): invalid YAML: \(problem)"
        case .invalidField(let location, let path, let message):
            "\(location): \(path): \(message)"
        case .unknownKind(let location, let apiVersion, let kind):
            "\(location): unknown kind \"\(kind)\" (apiVersion \"\(apiVersion)\"); a fleet file holds "
                + "ApplicationSet, Application, AppProject and ClusterList documents"
        case .invalidSelector(let selector, let reason):
            "invalid label selector \"\(selector)\": \(reason)"
        }
    }
}

extension FleetModelError: CustomStringConvertible {
    /// The message, so that `"\(error)"` reads as a sentence rather than an enum case.
    public var description: String { errorDescription ?? "" }
}
