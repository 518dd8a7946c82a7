/// Where each value of a loaded document came from, so that any error found
/// later (a bad field, an unknown template param) can name file, line and column.
public struct SourceMap: Sendable {
    /// The file the document was read from.
    public let file: String
    private var marks: [JSONPath: Mark]

    /// A line and column pair.
    public struct Mark: Sendable, Hashable {
        /// Line, from 1.
        public var line: Int
        /// Column, from 1.
        public var column: Int
    }

    /// An empty map for `file` (values built in code have no lines).
    public init(file: String) {
        self.file = file
        marks = [:]
    }

    /// Records where the value at `path` starts.
    public mutating func record(_ path: JSONPath, line: Int, column: Int) {
        marks[path] = Mark(line: line, column: column)
    }

    /// The location of the value at `path`, or of its nearest recorded ancestor.
    public func location(of path: JSONPath) -> SourceLocation {
        var current = path
        while true {
            if let mark = marks[current] {
                return SourceLocation(file: file, line: mark.line, column: mark.column)
            }
            if current.components.isEmpty { return SourceLocation(file: file) }
            current = current.parent
        }
    }
}
