import FleetModel

/// Something `flotilla import` found in a file: a problem (the file cannot be converted
/// as it is) or a note (it was converted, with something worth knowing).
public struct ImportFinding: Sendable, Hashable, CustomStringConvertible {
    /// Where: file, line and column.
    public var location: SourceLocation
    /// The field, when one is concerned.
    public var path: JSONPath?
    /// What was found.
    public var message: String

    /// A finding at `location`, about the field at `path` when given.
    public init(_ location: SourceLocation, path: JSONPath? = nil, _ message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    /// `file:line:column: field: message`.
    public var description: String {
        guard let path else { return "\(location): \(message)" }
        return "\(location): \(path): \(message)"
    }
}

extension ImportFinding {
    /// A fleet reading error as a finding, keeping its location and field.
    init(_ error: FleetModelError, file: String) {
        switch error {
        case .invalidField(let location, let path, let message):
            self.init(location, path: path, message)
        case .yaml(let location, let problem):
            self.init(location, "invalid YAML: \(problem)")
        case .unknownKind(let location, let apiVersion, let kind):
            self.init(location, "unknown kind \"\(kind)\" (apiVersion \"\(apiVersion)\")")
        case .unreadable(let unreadable, let reason):
            self.init(SourceLocation(file: unreadable), "cannot read: \(reason)")
        case .invalidSelector:
            self.init(SourceLocation(file: file), error.description)
        }
    }
}
