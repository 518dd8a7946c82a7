/// One document of a YAML stream, with its source map.
public struct YAMLDocument: Sendable {
    /// The document's content.
    public var value: JSONValue
    /// Where each value came from.
    public var sourceMap: SourceMap
    /// The position of the document within its file, from 0.
    public var index: Int

    /// A document as loaded from a file.
    public init(value: JSONValue, sourceMap: SourceMap, index: Int) {
        self.value = value
        self.sourceMap = sourceMap
        self.index = index
    }

    /// Where the document starts.
    public var location: SourceLocation { sourceMap.location(of: .root) }

    /// A reader positioned at the document root, for typed decoding with located errors.
    public var reader: FieldReader { FieldReader(value: value, path: .root, sourceMap: sourceMap) }
}
