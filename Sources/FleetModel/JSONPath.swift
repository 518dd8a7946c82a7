/// The path of a value inside a document, such as `spec.generators[0].list`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step: a map key or a list index.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The steps from the document root.
    public private(set) var components: [Component]

    /// The document root.
    public static let root = JSONPath(components: [])

    /// A path made of `components`.
    public init(components: [Component]) {
        self.components = components
    }

    /// This path extended by a map key.
    public func appending(_ key: String) -> JSONPath {
        JSONPath(components: components + [.key(key)])
    }

    /// This path extended by a list index.
    public func appending(_ index: Int) -> JSONPath {
        JSONPath(components: components + [.index(index)])
    }

    /// The path one step up; the root is its own parent.
    public var parent: JSONPath {
        JSONPath(components: Array(components.dropLast()))
    }

    /// Dotted form for messages: `spec.generators[0].list`, keys with dots in brackets.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where key.contains(".") || key.isEmpty:
                text += "[\"\(key)\"]"
            case .key(let key):
                text += text.isEmpty ? key : ".\(key)"
            }
        }
        return text.isEmpty ? "(document)" : text
    }
}
