/// A file's text as Unicode scalars, addressed by the 1-based line and column libyaml reports
/// (columns count characters), with edits applied at the end in one pass.
struct SourceText: Sendable {
    let scalars: [Unicode.Scalar]
    /// The offset of each line's first scalar.
    let lineStarts: [Int]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// The offset of `line`:`column`, when inside the text.
    func offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count, column >= 1 else { return nil }
        let offset = lineStarts[line - 1] + column - 1
        return offset <= scalars.count ? offset : nil
    }

    /// The 1-based line and column of `offset`.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    /// The first offset at or after `start` where `needle` occurs, ending at or before `limit`.
    func find(_ needle: String, from start: Int, before limit: Int) -> Int? {
        let pattern = Array(needle.unicodeScalars)
        guard let first = pattern.first, start >= 0 else { return nil }
        var offset = start
        while offset + pattern.count <= min(limit, scalars.count) {
            if scalars[offset] == first, scalars[offset..<offset + pattern.count].elementsEqual(pattern) {
                return offset
            }
            offset += 1
        }
        return nil
    }

    /// The text of `line` (1-based) without its line break.
    func line(_ line: Int) -> String {
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] - 1 : scalars.count
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<max(start, end)])
        return String(text)
    }

    /// The number of lines.
    var lineCount: Int { lineStarts.count }

    /// The text with `edits` applied (non-overlapping ranges of scalar offsets).
    func applying(_ edits: [SourceEdit]) -> String {
        // Gathered as UTF-8 bytes and decoded once: appending to a String piece by piece
        // reallocates it again and again on a large file.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count + scalars.count / 8)
        func append<S: Sequence<Unicode.Scalar>>(_ piece: S) {
            for scalar in piece {
                if let encoded = UTF8.encode(scalar) { bytes.append(contentsOf: encoded) }
            }
        }
        var cursor = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound })
        where edit.range.lowerBound >= cursor {
            append(scalars[cursor..<edit.range.lowerBound])
            append(edit.replacement.unicodeScalars)
            cursor = edit.range.upperBound
        }
        append(scalars[cursor...])
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A replacement of a range of a `SourceText`.
struct SourceEdit: Sendable, Hashable {
    /// Scalar offsets.
    let range: Range<Int>
    let replacement: String
}
