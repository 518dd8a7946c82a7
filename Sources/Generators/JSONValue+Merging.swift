import FleetModel

extension JSONObject {
    /// This object with `other` laid over it: maps merge key by key, recursively;
    /// any other value in `other` replaces this one's.
    func deepMerging(_ other: JSONObject) -> JSONObject {
        var result = self
        for (key, value) in other {
            if case .object(let mine)? = result[key], case .object(let theirs) = value {
                result[key] = .object(mine.deepMerging(theirs))
            } else {
                result[key] = value
            }
        }
        return result
    }
}
