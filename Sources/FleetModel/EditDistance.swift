/// How far apart two names are, for "did you mean" suggestions: Levenshtein distance
/// (insertions, deletions and substitutions of one character each count 1).
public enum EditDistance {
    /// The number of single-character edits that turn `a` into `b`.
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `names` without repeats, the closest to `wanted` first (ties in name order); all of
    /// them by name when nothing is wanted.
    public static func closestFirst(to wanted: String?, among names: some Sequence<String>) -> [String] {
        let unique = Set(names).sorted()
        guard let wanted else { return unique }
        return unique.map { (name: $0, distance: between(wanted, $0)) }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .map(\.name)
    }
}
