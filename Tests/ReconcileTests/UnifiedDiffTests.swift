import Testing

@testable import Reconcile

/// `UnifiedDiff` against GNU diff 3.8 — the expected outputs are what
/// `diff -U<context> --label old --label new` printed — and against a patch applier on pseudo-random texts.
@Suite("Unified diffs")
struct UnifiedDiffTests {
    /// Two texts and what GNU diff prints for them.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let old: String
        let new: String
        let context: Int
        let expected: String

        init(_ name: String, old: String, new: String, context: Int = 3, expected: String) {
            self.name = name
            self.old = old
            self.new = new
            self.context = context
            self.expected = expected
        }

        var testDescription: String { name }
    }

    @Test("prints what GNU diff -u prints", arguments: goldenCases)
    func matchesGNUDiff(_ diffCase: Case) {
        let diff = UnifiedDiff.render(
            old: diffCase.old, new: diffCase.new, oldLabel: "old", newLabel: "new", context: diffCase.context)
        #expect(diff == diffCase.expected)
    }

    @Test("a negative context counts as none")
    func negativeContext() {
        let old = letterLines("abcdef")
        let new = letterLines("abCdef")
        let negative = UnifiedDiff.render(old: old, new: new, oldLabel: "old", newLabel: "new", context: -2)
        #expect(negative == UnifiedDiff.render(old: old, new: new, oldLabel: "old", newLabel: "new", context: 0))
    }

    @Test("applying the hunks to the old text gives the new text")
    func roundTrip() {
        var random = SplitMix64(seed: 0xF107_111A)
        for pair in 1...200 {
            let old = random.text()
            let new = random.next(below: 3) == 0 ? random.text() : random.edited(old)
            let context = random.next(below: 4)
            let diff = UnifiedDiff.render(old: old, new: new, oldLabel: "old", newLabel: "new", context: context)
            #expect(
                Patch.apply(diff, to: old) == new,
                "pair \(pair), context \(context): \(old.debugDescription) to \(new.debugDescription)\n\(diff)")
            #expect(diff.isEmpty == (old == new), "pair \(pair)")
        }
    }

    @Test("a few thousand lines with two edits give two small hunks")
    func largeDocument() {
        let lines = (0..<4000).map { "    key\($0 % 50): value\($0 % 7)" }
        var edited = lines
        edited[1200] = "    key0: changed"
        edited.insert("    added: true", at: 3100)
        let old = text(lines)
        let new = text(edited)
        let diff = UnifiedDiff.render(old: old, new: new, oldLabel: "old", newLabel: "new")
        let headers = diff.split(separator: "\n").filter { $0.hasPrefix("@@") }
        #expect(headers == ["@@ -1198,7 +1198,7 @@", "@@ -3098,6 +3098,7 @@"])
        #expect(Patch.apply(diff, to: old) == new)
    }
}

/// One line per character, each ending in "\n": `letterLines("abc")` is "a\nb\nc\n".
private func letterLines(_ letters: String) -> String {
    letters.map { "\($0)\n" }.joined()
}

/// The lines, each ending in "\n".
private func text(_ lines: String...) -> String {
    text(lines)
}

/// The lines, each ending in "\n".
private func text(_ lines: [String]) -> String {
    lines.map { $0 + "\n" }.joined()
}

/// `text` without its final newline.
private func unterminated(_ text: String) -> String {
    String(text.dropLast())
}

/// A Deployment manifest, trimmed.
private func deployment(replicas: Int, tag: String) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
      labels:
        app: web
        team: storefront
    spec:
      replicas: \(replicas)
      revisionHistoryLimit: 5
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
            - name: web
              image: registry.example.com/shop/web:\(tag)
              ports:
                - containerPort: 8080
                  name: http
              resources:
                limits:
                  memory: 256Mi
                requests:
                  cpu: 100m
                  memory: 128Mi

    """
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny seeded generator, so every run checks the same texts.
private struct SplitMix64 {
    private static let alphabet = ["a", "b", "c", ""]
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number in `0..<bound`.
    mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// Up to eight lines over a small alphabet (an empty line among them); one text in four lacks a final newline.
    mutating func text() -> String {
        let lines = (0..<next(below: 9)).map { _ in line() }
        return joined(lines)
    }

    /// `original` with one to three lines inserted, removed or replaced, and its final newline sometimes toggled.
    mutating func edited(_ original: String) -> String {
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" {
            lines.removeLast()
        }
        for _ in 0...next(below: 3) {
            let position = next(below: lines.count + 1)
            if position == lines.count || next(below: 3) == 0 {
                lines.insert(line(), at: position)
            } else if next(below: 2) == 0 {
                lines.remove(at: position)
            } else {
                lines[position] = line()
            }
        }
        return joined(lines)
    }

    private mutating func line() -> String {
        Self.alphabet[next(below: Self.alphabet.count)]
    }

    private mutating func joined(_ lines: [String]) -> String {
        let text = lines.map { $0 + "\n" }.joined()
        return next(below: 4) == 0 ? String(text.dropLast()) : text
    }
}

/// Applies a unified diff as `patch` would, checking every header, context line and removed line on the way.
private enum Patch {
    /// A line of a text, and whether a newline ends it.
    private struct Line {
        let text: String
        var terminated: Bool
    }

    /// The numbers of one side of a hunk header: `start` and `count` as printed, `count` 1 when left out.
    private struct Span {
        let start: Int
        let count: Int

        /// The 0-based index of the range's first line; an empty range is numbered by the line before it.
        var firstIndex: Int { count == 0 ? start : start - 1 }

        /// Reads `start,count` or `start`; a count of 1 must be left out, as GNU diff leaves it out.
        init?(_ field: Substring) {
            let numbers = field.split(separator: ",", omittingEmptySubsequences: false)
            guard let start = numbers.first.flatMap({ Int($0) }), numbers.count <= 2 else {
                return nil
            }
            self.start = start
            if numbers.count == 2 {
                guard let count = Int(numbers[1]), count != 1 else {
                    return nil
                }
                self.count = count
            } else {
                count = 1
            }
        }
    }

    /// `old` with `diff` applied, or nil if the diff does not fit `old` or is malformed.
    static func apply(_ diff: String, to old: String) -> String? {
        if diff.isEmpty {
            return old
        }
        guard diff.hasSuffix("\n") else {
            return nil
        }
        let rows = diff.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard rows.count > 2, rows[0] == "--- old", rows[1] == "+++ new" else {
            return nil
        }
        let source = lines(of: old)
        var result: [Line] = []
        var used = 0
        var row = 2
        while row < rows.count {
            guard let spans = header(rows[row]), spans.old.firstIndex >= used,
                spans.old.firstIndex <= source.count
            else {
                return nil
            }
            result += source[used..<spans.old.firstIndex]
            used = spans.old.firstIndex
            guard spans.new.firstIndex == result.count else {
                return nil
            }
            row += 1
            let hunkEnd = rows[row...].firstIndex { $0.hasPrefix("@@") } ?? rows.count
            guard applyHunk(rows[row..<hunkEnd], source: source, used: &used, result: &result),
                used - spans.old.firstIndex == spans.old.count,
                result.count - spans.new.firstIndex == spans.new.count
            else {
                return nil
            }
            row = hunkEnd
        }
        return text(of: result + source[used...])
    }

    /// The old and new spans of a `@@ -a,b +c,d @@` row.
    private static func header(_ row: Substring) -> (old: Span, new: Span)? {
        let fields = row.split(separator: " ")
        guard fields.count == 4, fields[0] == "@@", fields[3] == "@@", fields[1].first == "-",
            fields[2].first == "+", let old = Span(fields[1].dropFirst()), let new = Span(fields[2].dropFirst())
        else {
            return nil
        }
        return (old, new)
    }

    /// Applies the body rows of one hunk; false if a context or removed line is not the next old line.
    private static func applyHunk(
        _ rows: ArraySlice<Substring>, source: [Line], used: inout Int, result: inout [Line]
    ) -> Bool {
        var previous: Character?
        for row in rows {
            guard let marker = row.first else {
                return false
            }
            let content = String(row.dropFirst())
            switch marker {
            case " ", "-":
                guard used < source.count, source[used].text == content else {
                    return false
                }
                if marker == " " {
                    result.append(source[used])
                }
                used += 1
            case "+":
                result.append(Line(text: content, terminated: true))
            case "\\":
                guard row == "\\ No newline at end of file", let previous else {
                    return false
                }
                if previous == "+" {
                    result[result.count - 1].terminated = false
                } else if source[used - 1].terminated {
                    return false
                }
            default:
                return false
            }
            previous = marker
        }
        return true
    }

    private static func lines(of text: String) -> [Line] {
        guard !text.isEmpty else {
            return []
        }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let terminated = parts.last == ""
        if terminated {
            parts.removeLast()
        }
        return parts.indices.map { Line(text: parts[$0], terminated: terminated || $0 < parts.count - 1) }
    }

    private static func text(of lines: [Line]) -> String {
        lines.map { $0.terminated ? $0.text + "\n" : $0.text }.joined()
    }
}

extension UnifiedDiffTests {
    /// The cases, with the outputs GNU diff 3.8 printed for them.
    static let goldenCases: [Case] = [
        Case(
            "identical texts",
            old: letterLines("abc"),
            new: letterLines("abc"),
            expected: ""
        ),
        Case(
            "empty to text",
            old: "",
            new: letterLines("ab"),
            expected: """
                --- old
                +++ new
                @@ -0,0 +1,2 @@
                +a
                +b

                """
        ),
        Case(
            "text to empty",
            old: letterLines("ab"),
            new: "",
            expected: """
                --- old
                +++ new
                @@ -1,2 +0,0 @@
                -a
                -b

                """
        ),
        Case(
            "one line changed",
            old: letterLines("abc"),
            new: letterLines("aBc"),
            expected: """
                --- old
                +++ new
                @@ -1,3 +1,3 @@
                 a
                -b
                +B
                 c

                """
        ),
        Case(
            "change at the start",
            old: letterLines("abcdefgh"),
            new: letterLines("Abcdefgh"),
            expected: """
                --- old
                +++ new
                @@ -1,4 +1,4 @@
                -a
                +A
                 b
                 c
                 d

                """
        ),
        Case(
            "change at the end",
            old: letterLines("abcdefgh"),
            new: letterLines("abcdefgH"),
            expected: """
                --- old
                +++ new
                @@ -5,4 +5,4 @@
                 e
                 f
                 g
                -h
                +H

                """
        ),
        Case(
            "two changes far apart make two hunks",
            old: letterLines("abcdefghijklmnopqrst"),
            new: letterLines("aBcdefghijklmnopqRst"),
            expected: """
                --- old
                +++ new
                @@ -1,5 +1,5 @@
                 a
                -b
                +B
                 c
                 d
                 e
                @@ -15,6 +15,6 @@
                 o
                 p
                 q
                -r
                +R
                 s
                 t

                """
        ),
        Case(
            "two changes close together share a hunk",
            old: letterLines("abcdefghijklmn"),
            new: letterLines("abcDefghiJklmn"),
            expected: """
                --- old
                +++ new
                @@ -1,13 +1,13 @@
                 a
                 b
                 c
                -d
                +D
                 e
                 f
                 g
                 h
                 i
                -j
                +J
                 k
                 l
                 m

                """
        ),
        Case(
            "insertion only",
            old: letterLines("abcdefghij"),
            new: letterLines("abcde") + text("new 1", "new 2") + letterLines("fghij"),
            expected: """
                --- old
                +++ new
                @@ -3,6 +3,8 @@
                 c
                 d
                 e
                +new 1
                +new 2
                 f
                 g
                 h

                """
        ),
        Case(
            "deletion only",
            old: letterLines("abcdefghij"),
            new: letterLines("abcdhij"),
            expected: """
                --- old
                +++ new
                @@ -2,9 +2,6 @@
                 b
                 c
                 d
                -e
                -f
                -g
                 h
                 i
                 j

                """
        ),
        Case(
            "context 0",
            old: letterLines("abcdefghij"),
            new: letterLines("aBcdef") + text("inserted") + letterLines("ghi"),
            context: 0,
            expected: """
                --- old
                +++ new
                @@ -2 +2 @@
                -b
                +B
                @@ -6,0 +7 @@
                +inserted
                @@ -10 +10,0 @@
                -j

                """
        ),
        Case(
            "context 1",
            old: letterLines("abcdefghij"),
            new: letterLines("aBcdef") + text("inserted") + letterLines("ghi"),
            context: 1,
            expected: """
                --- old
                +++ new
                @@ -1,3 +1,3 @@
                 a
                -b
                +B
                 c
                @@ -6,2 +6,3 @@
                 f
                +inserted
                 g
                @@ -9,2 +10 @@
                 i
                -j

                """
        ),
        Case(
            "old text lacks its final newline",
            old: unterminated(letterLines("abc")),
            new: letterLines("abc"),
            expected: """
                --- old
                +++ new
                @@ -1,3 +1,3 @@
                 a
                 b
                -c
                \\ No newline at end of file
                +c

                """
        ),
        Case(
            "new text lacks its final newline",
            old: letterLines("abc"),
            new: unterminated(letterLines("abc")),
            expected: """
                --- old
                +++ new
                @@ -1,3 +1,3 @@
                 a
                 b
                -c
                +c
                \\ No newline at end of file

                """
        ),
        Case(
            "neither has a final newline, last line changed",
            old: unterminated(letterLines("abc")),
            new: unterminated(letterLines("abC")),
            expected: """
                --- old
                +++ new
                @@ -1,3 +1,3 @@
                 a
                 b
                -c
                \\ No newline at end of file
                +C
                \\ No newline at end of file

                """
        ),
        Case(
            "neither has a final newline, last line as context",
            old: unterminated(letterLines("abcdefgh")),
            new: unterminated(letterLines("abcdeFgh")),
            context: 2,
            expected: """
                --- old
                +++ new
                @@ -4,5 +4,5 @@
                 d
                 e
                -f
                +F
                 g
                 h
                \\ No newline at end of file

                """
        ),
        Case(
            "repeated lines",
            old: letterLines("xyxyxzxy"),
            new: letterLines("xyxzxyxy"),
            expected: """
                --- old
                +++ new
                @@ -1,8 +1,8 @@
                 x
                 y
                 x
                -y
                -x
                 z
                 x
                 y
                +x
                +y

                """
        ),
        Case(
            "repeated line inserted into a run",
            old: text("begin", "item", "item", "end"),
            new: text("begin", "item", "item", "item", "end"),
            expected: """
                --- old
                +++ new
                @@ -1,4 +1,5 @@
                 begin
                 item
                 item
                +item
                 end

                """
        ),
        Case(
            "carriage returns stay on their lines",
            old: "a\r\nb\r\nc\r\n",
            new: "a\r\nB\r\nc\r\n",
            expected: """
                --- old
                +++ new
                @@ -1,3 +1,3 @@
                 a\r
                -b\r
                +B\r
                 c\r

                """
        ),
        Case(
            "Deployment with replicas and image changed",
            old: deployment(replicas: 2, tag: "1.4.2"),
            new: deployment(replicas: 3, tag: "1.5.0"),
            expected: """
                --- old
                +++ new
                @@ -7,7 +7,7 @@
                     app: web
                     team: storefront
                 spec:
                -  replicas: 2
                +  replicas: 3
                   revisionHistoryLimit: 5
                   selector:
                     matchLabels:
                @@ -19,7 +19,7 @@
                     spec:
                       containers:
                         - name: web
                -          image: registry.example.com/shop/web:1.4.2
                +          image: registry.example.com/shop/web:1.5.0
                           ports:
                             - containerPort: 8080
                               name: http

                """
        ),
    ]
}
