/// A unified diff of two texts' lines (`@@ -1,6 +1,6 @@` hunks, three lines of context),
/// as Go's difflib writes it: the API server puts one in some validation messages.
enum UnifiedDiff {
    static func of(_ old: [String], _ new: [String], context: Int = 3) -> String {
        let operations = edits(old, new)
        var text = ""
        var index = 0
        while let start = operations[index...].firstIndex(where: { $0.kind != " " }) {
            var end = start
            // A hunk runs until more than twice the context separates two changes.
            while let next = operations[(end + 1)...].firstIndex(where: { $0.kind != " " }),
                next - end <= 2 * context
            {
                end = next
            }
            let first = max(0, start - context)
            let last = min(operations.count - 1, end + context)
            let hunk = operations[first...last]
            let oldStart = operations[..<first].filter { $0.kind != "+" }.count
            let newStart = operations[..<first].filter { $0.kind != "-" }.count
            text += "@@ -\(range(oldStart, hunk.filter { $0.kind != "+" }.count)) "
            text += "+\(range(newStart, hunk.filter { $0.kind != "-" }.count)) @@\n"
            for operation in hunk { text += "\(operation.kind)\(operation.line)\n" }
            index = last + 1
            guard index < operations.count else { break }
        }
        return text
    }

    private static func range(_ start: Int, _ length: Int) -> String {
        switch length {
        case 0: "\(start),0"
        case 1: "\(start + 1)"
        default: "\(start + 1),\(length)"
        }
    }

    /// The lines of both texts in order, each marked ` ` (kept), `-` (old only) or `+` (new only), removals before additions.
    private static func edits(_ old: [String], _ new: [String]) -> [(kind: Character, line: String)] {
        var common = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var result: [(kind: Character, line: String)] = []
        var (i, j) = (0, 0)
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                result.append((" ", old[i]))
                i += 1
                j += 1
            } else if i < old.count, j == new.count || common[i + 1][j] >= common[i][j + 1] {
                result.append(("-", old[i]))
                i += 1
            } else {
                result.append(("+", new[j]))
                j += 1
            }
        }
        return result
    }
}
