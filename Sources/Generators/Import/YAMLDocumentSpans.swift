/// The line spans of a YAML stream's documents, split at `---` and `...` lines.
///
/// A line that starts with `---` or `...` followed by a space or its end is a document marker
/// wherever it stands (YAML ends any scalar there), so a split at those lines is exact.
struct YAMLDocumentSpans: Sendable {
    /// The first line (1-based) of each span; a span runs to the line before the next one's.
    let startLines: [Int]

    init(_ text: SourceText) {
        var starts = [1]
        for line in 2...max(2, text.lineCount) where line <= text.lineCount {
            let content = text.line(line)
            for marker in ["---", "..."] where content.hasPrefix(marker) {
                let rest = content.dropFirst(3)
                if rest.isEmpty || rest.first == " " || rest.first == "\t" { starts.append(line) }
            }
        }
        startLines = starts
    }

    /// The span holding `line`.
    func span(holding line: Int) -> Int {
        startLines.lastIndex { $0 <= line } ?? 0
    }

    /// The scalar offsets of span `index` in `text`.
    func range(of index: Int, in text: SourceText) -> Range<Int> {
        let start = text.lineStarts[startLines[index] - 1]
        let end = index + 1 < startLines.count ? text.lineStarts[startLines[index + 1] - 1] : text.scalars.count
        return start..<end
    }
}
