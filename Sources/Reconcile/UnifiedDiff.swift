/// Line diffs in the unified format `diff -u` and `kubectl diff` print.
///
/// The edit script is a minimal one (Myers's O(ND) algorithm in linear space), and it is chosen the way
/// GNU diff chooses among equally short scripts: the same search order, lines without a match in the other
/// text set aside first, and runs of changes slid to join each other and to line up with changes in the
/// other text. GNU diff's one non-minimal speed-up — setting aside lines that repeat very often — is left
/// out, so on such texts the hunks may be placed differently (never longer) than GNU diff places them.
public enum UnifiedDiff {
    /// The unified diff from `old` to `new` (texts split on "\n"), with `context` lines around each change,
    /// headed `--- oldLabel` / `+++ newLabel`; the empty string when the texts are equal.
    ///
    /// Hunk headers follow GNU diff: `@@ -start,count +start,count @@`, a count of 1 left out, and an empty
    /// range numbered by the line before it (`-0,0` at the top). A last line without a final newline is
    /// followed by `\ No newline at end of file`, and never equals a line that has one. A negative `context`
    /// counts as 0.
    public static func render(
        old: String, new: String, oldLabel: String, newLabel: String, context: Int = 3
    ) -> String {
        let oldText = DiffText(old)
        let newText = DiffText(new)
        // More context than lines shows nothing more, and this bound keeps `2 * context` from overflowing.
        let context = min(max(context, 0), max(oldText.lines.count, newText.lines.count))
        var numbering = LineNumbering()
        let oldNumbers = numbering.numbers(for: oldText)
        let newNumbers = numbering.numbers(for: newText)
        let changes = EditScript.changes(old: oldNumbers, new: newNumbers, horizon: context)
        guard !changes.isEmpty else {
            return ""
        }
        var output = "--- \(oldLabel)\n+++ \(newLabel)\n"
        for hunk in Hunk.group(changes, context: context, oldLineCount: oldText.lines.count) {
            hunk.render(old: oldText, new: newText, into: &output)
        }
        return output
    }
}

/// A text cut into lines the way diff reads a file.
private struct DiffText {
    /// The lines, without their newlines.
    let lines: [Substring]
    /// Whether the text has lines and the last one has no newline.
    let lacksFinalNewline: Bool

    /// Splits on "\n" scalars (so "\r\n" leaves a "\r" on the line, as in diff); an empty text has no lines.
    init(_ text: String) {
        let newline: Unicode.Scalar = "\n"
        var lines = text.unicodeScalars.split(separator: newline, omittingEmptySubsequences: false).map {
            Substring($0)
        }
        let lacksFinalNewline = lines.last?.isEmpty == false
        if !lacksFinalNewline {
            lines.removeLast()
        }
        self.lines = lines
        self.lacksFinalNewline = lacksFinalNewline
    }

    /// Whether the line at `index` is the last one and has no newline.
    func isUnterminated(at index: Int) -> Bool {
        lacksFinalNewline && index == lines.count - 1
    }
}

/// Numbers lines so that equal lines, and only those, share a number.
private struct LineNumbering {
    private struct Key: Hashable {
        let line: Substring
        let unterminated: Bool
    }

    private var known: [Key: Int] = [:]

    /// The numbers of the lines of `text`; its last line, if it has no newline, never matches a line that has one.
    mutating func numbers(for text: DiffText) -> [Int] {
        text.lines.indices.map { index in
            let key = Key(line: text.lines[index], unterminated: text.isUnterminated(at: index))
            if let number = known[key] {
                return number
            }
            let number = known.count
            known[key] = number
            return number
        }
    }
}

/// A run of `oldCount` old lines at `oldStart` replaced by `newCount` new lines at `newStart` (0-based).
private struct Change {
    let oldStart: Int
    let oldCount: Int
    let newStart: Int
    let newCount: Int

    var oldEnd: Int { oldStart + oldCount }
    var newEnd: Int { newStart + newCount }
}

/// Minimal edit scripts between two lists of line numbers, arranged as GNU diff arranges them.
private enum EditScript {
    /// The changes turning `old` into `new`, in order. Like GNU diff, only the lines between the common
    /// prefix and suffix are compared, widened by `horizon` lines at each end so that runs of changes
    /// may slide into that many lines of context.
    static func changes(old: [Int], new: [Int], horizon: Int) -> [Change] {
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] {
            prefix += 1
        }
        let low = max(prefix - horizon, 0)
        var suffix = 0
        while low + suffix < old.count && low + suffix < new.count
            && old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        let cut = max(suffix - horizon, 0)
        let flags = changedLines(old: Array(old[low..<old.count - cut]), new: Array(new[low..<new.count - cut]))
        return collect(deleted: flags.deleted, inserted: flags.inserted).map {
            Change(
                oldStart: $0.oldStart + low, oldCount: $0.oldCount,
                newStart: $0.newStart + low, newCount: $0.newCount)
        }
    }

    /// Which lines of `old` are deleted and which of `new` inserted: lines with no match in the other list
    /// outright, the rest by Myers's comparison, then with runs slid into place.
    private static func changedLines(old: [Int], new: [Int]) -> (deleted: [Bool], inserted: [Bool]) {
        let oldKept = indices(of: old, foundIn: Set(new))
        let newKept = indices(of: new, foundIn: Set(old))
        let comparison = MyersComparison(old: oldKept.map { old[$0] }, new: newKept.map { new[$0] })
        var deleted = Array(repeating: true, count: old.count)
        for (position, index) in oldKept.enumerated() {
            deleted[index] = comparison.deleted[position]
        }
        var inserted = Array(repeating: true, count: new.count)
        for (position, index) in newKept.enumerated() {
            inserted[index] = comparison.inserted[position]
        }
        var oldRuns = RunSlider(lines: old, changed: deleted, otherGaps: changedGaps(inserted))
        oldRuns.slideAll()
        var newRuns = RunSlider(lines: new, changed: inserted, otherGaps: changedGaps(oldRuns.changed))
        newRuns.slideAll()
        return (oldRuns.changed, newRuns.changed)
    }

    /// The indices of the lines of `lines` that occur in `other`.
    private static func indices(of lines: [Int], foundIn other: Set<Int>) -> [Int] {
        lines.indices.filter { other.contains(lines[$0]) }
    }

    /// For each gap `u` between unchanged lines (`u` unchanged lines before it), whether changed lines fill it.
    private static func changedGaps(_ changed: [Bool]) -> [Bool] {
        var gaps = [false]
        for isChanged in changed {
            if isChanged {
                gaps[gaps.count - 1] = true
            } else {
                gaps.append(false)
            }
        }
        return gaps
    }

    /// The changes the flags describe: each maximal run of deleted and inserted lines between unchanged ones.
    private static func collect(deleted: [Bool], inserted: [Bool]) -> [Change] {
        var changes: [Change] = []
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < deleted.count || newIndex < inserted.count {
            let oldStart = oldIndex
            let newStart = newIndex
            while oldIndex < deleted.count && deleted[oldIndex] {
                oldIndex += 1
            }
            while newIndex < inserted.count && inserted[newIndex] {
                newIndex += 1
            }
            if oldIndex > oldStart || newIndex > newStart {
                changes.append(
                    Change(
                        oldStart: oldStart, oldCount: oldIndex - oldStart,
                        newStart: newStart, newCount: newIndex - newStart))
            } else {
                oldIndex += 1
                newIndex += 1
            }
        }
        return changes
    }
}

/// Myers's O(ND) comparison in linear space ("An O(ND) Difference Algorithm and Its Variations", 1986, §4.2):
/// marks the deleted and inserted lines of a minimal edit script.
private struct MyersComparison {
    /// A rectangle of the edit graph: old lines `oldLow..<oldHigh` against new lines `newLow..<newHigh`.
    private struct Region {
        var oldLow: Int
        var oldHigh: Int
        var newLow: Int
        var newHigh: Int
    }

    /// A point of the edit graph: `old` old lines and `new` new lines consumed.
    private struct Point {
        let old: Int
        let new: Int
    }

    /// Diagonals `low...high`: those a search reaches with its current number of edits (every other one),
    /// or all those of a region.
    private struct Band {
        var low: Int
        var high: Int

        func contains(_ diagonal: Int) -> Bool {
            low <= diagonal && diagonal <= high
        }

        /// Reaches one diagonal further each way, or steps back inside `limits` where it would leave them,
        /// planting `sentinel` just outside a newly reached end.
        mutating func widen(within limits: Band, sentinel: Int, offset: Int, furthest: inout [Int]) {
            if low > limits.low {
                low -= 1
                furthest[low - 1 + offset] = sentinel
            } else {
                low += 1
            }
            if high < limits.high {
                high += 1
                furthest[high + 1 + offset] = sentinel
            } else {
                high -= 1
            }
        }
    }

    private let old: [Int]
    private let new: [Int]
    private(set) var deleted: [Bool]
    private(set) var inserted: [Bool]
    /// Per diagonal `old - new` (stored at `diagonal + offset`): the furthest old index the forward search reached.
    private var forward: [Int]
    /// Per diagonal: the smallest old index the backward search reached.
    private var backward: [Int]
    private let offset: Int

    init(old: [Int], new: [Int]) {
        self.old = old
        self.new = new
        deleted = Array(repeating: false, count: old.count)
        inserted = Array(repeating: false, count: new.count)
        offset = new.count + 1
        forward = Array(repeating: 0, count: old.count + new.count + 3)
        backward = forward
        compare(Region(oldLow: 0, oldHigh: old.count, newLow: 0, newHigh: new.count))
    }

    /// Marks a minimal edit script for `region`: trims its common ends, then splits it at the middle of an
    /// optimal path and recurses on both halves.
    private mutating func compare(_ region: Region) {
        var region = region
        while region.oldLow < region.oldHigh && region.newLow < region.newHigh
            && old[region.oldLow] == new[region.newLow]
        {
            region.oldLow += 1
            region.newLow += 1
        }
        while region.oldLow < region.oldHigh && region.newLow < region.newHigh
            && old[region.oldHigh - 1] == new[region.newHigh - 1]
        {
            region.oldHigh -= 1
            region.newHigh -= 1
        }
        if region.oldLow == region.oldHigh {
            for index in region.newLow..<region.newHigh {
                inserted[index] = true
            }
        } else if region.newLow == region.newHigh {
            for index in region.oldLow..<region.oldHigh {
                deleted[index] = true
            }
        } else {
            let middle = midpoint(of: region)
            compare(Region(oldLow: region.oldLow, oldHigh: middle.old, newLow: region.newLow, newHigh: middle.new))
            compare(Region(oldLow: middle.old, oldHigh: region.oldHigh, newLow: middle.new, newHigh: region.newHigh))
        }
    }

    /// A point on an optimal path through `region`, found where a search from its top-left corner and one
    /// from its bottom-right corner, taking turns one edit at a time, first overlap. The region's first
    /// lines differ, and so do its last ones.
    private mutating func midpoint(of region: Region) -> Point {
        let limits = Band(low: region.oldLow - region.newHigh, high: region.oldHigh - region.newLow)
        let forwardStart = region.oldLow - region.newLow
        let backwardStart = region.oldHigh - region.newHigh
        let oddDelta = (forwardStart - backwardStart) % 2 != 0
        var forwardBand = Band(low: forwardStart, high: forwardStart)
        var backwardBand = Band(low: backwardStart, high: backwardStart)
        forward[forwardStart + offset] = region.oldLow
        backward[backwardStart + offset] = region.oldHigh
        while true {
            forwardBand.widen(within: limits, sentinel: -1, offset: offset, furthest: &forward)
            for diagonal in stride(from: forwardBand.high, through: forwardBand.low, by: -2) {
                let point = extendForward(on: diagonal, in: region)
                if oddDelta && backwardBand.contains(diagonal) && backward[diagonal + offset] <= point.old {
                    return point
                }
            }
            backwardBand.widen(within: limits, sentinel: Int.max, offset: offset, furthest: &backward)
            for diagonal in stride(from: backwardBand.high, through: backwardBand.low, by: -2) {
                let point = extendBackward(on: diagonal, in: region)
                if !oddDelta && forwardBand.contains(diagonal) && point.old <= forward[diagonal + offset] {
                    return point
                }
            }
        }
    }

    /// One more edit forward on `diagonal`, from the further of its neighbours, then along matching lines.
    private mutating func extendForward(on diagonal: Int, in region: Region) -> Point {
        let fromBelow = forward[diagonal - 1 + offset]
        let fromAbove = forward[diagonal + 1 + offset]
        var oldIndex = fromBelow < fromAbove ? fromAbove : fromBelow + 1
        var newIndex = oldIndex - diagonal
        while oldIndex < region.oldHigh && newIndex < region.newHigh && old[oldIndex] == new[newIndex] {
            oldIndex += 1
            newIndex += 1
        }
        forward[diagonal + offset] = oldIndex
        return Point(old: oldIndex, new: newIndex)
    }

    /// One more edit backward on `diagonal`, from the further back of its neighbours, then along matching lines.
    private mutating func extendBackward(on diagonal: Int, in region: Region) -> Point {
        let fromBelow = backward[diagonal - 1 + offset]
        let fromAbove = backward[diagonal + 1 + offset]
        var oldIndex = fromBelow < fromAbove ? fromBelow : fromAbove - 1
        var newIndex = oldIndex - diagonal
        while oldIndex > region.oldLow && newIndex > region.newLow && old[oldIndex - 1] == new[newIndex - 1] {
            oldIndex -= 1
            newIndex -= 1
        }
        backward[diagonal + offset] = oldIndex
        return Point(old: oldIndex, new: newIndex)
    }
}

/// Slides each run of changed lines of one text over equal neighbouring lines, as GNU diff does: first up,
/// joining runs above; then down as far as it goes, joining runs below; then back up to the lowest place
/// where it lines up with changed lines of the other text, if it passed one.
private struct RunSlider {
    let lines: [Int]
    private(set) var changed: [Bool]
    /// `changedGaps` of the other text: whether changed lines fill the gap after `u` unchanged lines.
    let otherGaps: [Bool]
    /// The current run, `start..<end`.
    private var start = 0
    private var end = 0
    /// How many unchanged lines precede the current run.
    private var unchangedBefore = 0

    init(lines: [Int], changed: [Bool], otherGaps: [Bool]) {
        self.lines = lines
        self.changed = changed
        self.otherGaps = otherGaps
    }

    mutating func slideAll() {
        while findNextRun() {
            var aligned: Int?
            var grew = true
            while grew {
                let length = end - start
                slideUp()
                aligned = otherGaps[unchangedBefore] ? end : nil
                while end < lines.count && lines[start] == lines[end] {
                    moveDown()
                    if otherGaps[unchangedBefore] {
                        aligned = end
                    }
                }
                grew = end - start != length
            }
            if let aligned {
                while end > aligned {
                    moveUp()
                }
            }
            start = end
        }
    }

    /// Moves to the next run at or after `start`; false when there is none.
    private mutating func findNextRun() -> Bool {
        while start < lines.count && !changed[start] {
            start += 1
            unchangedBefore += 1
        }
        end = start
        while end < lines.count && changed[end] {
            end += 1
        }
        return start < end
    }

    /// Slides the run up while the line above equals its last line, joining runs it meets.
    private mutating func slideUp() {
        while start > 0 && lines[start - 1] == lines[end - 1] {
            moveUp()
            while start > 0 && changed[start - 1] {
                start -= 1
            }
        }
    }

    private mutating func moveUp() {
        start -= 1
        end -= 1
        changed[start] = true
        changed[end] = false
        unchangedBefore -= 1
    }

    /// Slides the run down one line (its first line equals the line below it), joining a run it meets.
    private mutating func moveDown() {
        changed[start] = false
        changed[end] = true
        start += 1
        end += 1
        unchangedBefore += 1
        while end < lines.count && changed[end] {
            end += 1
        }
    }
}

/// Changes close enough to share context, printed as one `@@` block.
private struct Hunk {
    let changes: ArraySlice<Change>
    let oldLines: Range<Int>
    let newLines: Range<Int>

    /// Groups `changes` into hunks the way GNU diff does: changes at most `2 * context` unchanged lines apart
    /// share a hunk.
    static func group(_ changes: [Change], context: Int, oldLineCount: Int) -> [Hunk] {
        var hunks: [Hunk] = []
        var first = 0
        for index in changes.indices
        where index == changes.count - 1 || changes[index + 1].oldStart - changes[index].oldEnd > 2 * context {
            hunks.append(Hunk(changes[first...index], context: context, oldLineCount: oldLineCount))
            first = index + 1
        }
        return hunks
    }

    private init(_ changes: ArraySlice<Change>, context: Int, oldLineCount: Int) {
        self.changes = changes
        let first = changes[changes.startIndex]
        let last = changes[changes.endIndex - 1]
        let leading = min(context, first.oldStart)
        let trailing = min(context, oldLineCount - last.oldEnd)
        oldLines = (first.oldStart - leading)..<(last.oldEnd + trailing)
        newLines = (first.newStart - leading)..<(last.newEnd + trailing)
    }

    func render(old: DiffText, new: DiffText, into output: inout String) {
        output += "@@ -\(Self.describe(oldLines)) +\(Self.describe(newLines)) @@\n"
        var oldIndex = oldLines.lowerBound
        for change in changes {
            Self.append(" ", old, oldIndex..<change.oldStart, into: &output)
            Self.append("-", old, change.oldStart..<change.oldEnd, into: &output)
            Self.append("+", new, change.newStart..<change.newEnd, into: &output)
            oldIndex = change.oldEnd
        }
        Self.append(" ", old, oldIndex..<oldLines.upperBound, into: &output)
    }

    /// A range as GNU diff numbers it: `start,count` from 1, `start` alone for one line, and for no lines
    /// the number of the line before with a count of 0.
    private static func describe(_ lines: Range<Int>) -> String {
        switch lines.count {
        case 0: return "\(lines.lowerBound),0"
        case 1: return "\(lines.lowerBound + 1)"
        default: return "\(lines.lowerBound + 1),\(lines.count)"
        }
    }

    private static func append(_ marker: String, _ text: DiffText, _ lines: Range<Int>, into output: inout String) {
        for index in lines {
            output += marker
            output.append(contentsOf: text.lines[index])
            output += "\n"
            if text.isUnterminated(at: index) {
                output += "\\ No newline at end of file\n"
            }
        }
    }
}
