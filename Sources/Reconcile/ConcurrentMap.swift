extension Array where Element: Sendable {
    /// `transform` over the elements, at most `limit` at a time, results in element order.
    ///
    /// Bounded so that one target opens a handful of connections to its cluster (each a TLS
    /// handshake) rather than one per object.
    func concurrentMap<T: Sendable>(limit: Int, _ transform: @escaping @Sendable (Element) async -> T) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            var results: [T?] = Array<T?>(repeating: nil, count: count)
            var next = 0
            for _ in 0..<Swift.min(limit, count) {
                let index = next
                group.addTask { (index, await transform(self[index])) }
                next += 1
            }
            for await (index, result) in group {
                results[index] = result
                if next < count {
                    let index = next
                    group.addTask { (index, await transform(self[index])) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}

/// How many requests one target keeps in flight to its cluster.
let requestConcurrency = 16
