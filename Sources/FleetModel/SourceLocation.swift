/// A place in a file: what every fleet error starts with.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it (relative paths stay relative).
    public var file: String
    /// Line, from 1; 0 when unknown.
    public var line: Int
    /// Column, from 1; 0 when unknown.
    public var column: Int

    /// A location in `file` at `line`:`column`.
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, or as much of it as is known.
    public var description: String {
        guard line > 0 else { return file }
        guard column > 0 else { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }
}
