import FleetModel

/// An Application produced from a fleet, with where it came from.
public struct GeneratedApplication: Sendable {
    /// The Application.
    public var application: Application
    /// Where it came from, for messages.
    public var origin: ApplicationOrigin
    /// The Application document or the ApplicationSet template it was written in, so that a
    /// field of it can be located (nil when built in code).
    public var written: FieldReader?

    /// A generated Application.
    public init(application: Application, origin: ApplicationOrigin, written: FieldReader? = nil) {
        self.application = application
        self.origin = origin
        self.written = written
    }

    /// A plain `application`, as written in `document`.
    public init(plain application: Application, document: YAMLDocument) {
        self.init(
            application: application,
            origin: ApplicationOrigin(location: document.location, name: application.name, source: .document),
            written: document.reader)
    }

    /// Where the field at `path` of the Application is written: its line in the document or
    /// template, else where the Application came from.
    public func location(of path: JSONPath) -> SourceLocation {
        guard let written else { return origin.location }
        let located = written.sourceMap.location(of: JSONPath(components: written.path.components + path.components))
        return located.line > 0 ? located : origin.location
    }

    /// The ApplicationSet that generated it, or nil for a plain Application document.
    public var applicationSet: String? {
        if case .generator(let name, _, _) = origin.source { return name }
        return nil
    }
}

/// Where a generated Application came from. Its description, built only when a
/// message needs it, reads `fleets/web.yaml:6:5 (ApplicationSet web, params #2: env=prod)`.
public struct ApplicationOrigin: Sendable, CustomStringConvertible {
    /// What produced the Application.
    public enum Source: Sendable {
        /// A plain Application document.
        case document
        /// An ApplicationSet's generator: the set's name, which param set (from 1), and the params.
        case generator(applicationSet: String, number: Int, params: ParamSet)
    }

    /// The generator's location, or the Application document's.
    public var location: SourceLocation
    /// The Application's name.
    public var name: String
    /// What produced it.
    public var source: Source

    public var description: String {
        switch source {
        case .document:
            "\(location) (Application \(name))"
        case .generator(let applicationSet, let number, let params):
            "\(location) (ApplicationSet \(applicationSet), params #\(number): \(params.summary))"
        }
    }
}
