extension Array where Element: Sendable {
    /// `transform` over the elements, at most `limit` at a time, results in element order.
    ///
    /// Bounded so that work fans out without opening a connection (a TLS handshake) per item.
    public func concurrentMap<T: Sendable>(
        limit: Int, _ transform: @escaping @Sendable (Element) async -> T
    ) async -> [T] {
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
