import FleetModel

/// The params Argo CD's git generator derives from a path, and the flattening of a config
/// file's content into params.
enum GitPathParams {
    /// The params of a folder: `path`, `path.basename`, `path.basenameNormalized`, `path[n]`,
    /// each name behind `prefix.` when a `pathParamPrefix` is set.
    static func folder(_ path: String, prefix: String?) -> JSONObject {
        var params = JSONObject()
        add(folder: path, named: name(prefix), to: &params)
        return params
    }

    /// The params of a file: those of its folder (`path` is the folder, `.` at the root), plus
    /// `path.filename` and `path.filenameNormalized`.
    static func file(_ path: String, prefix: String?) -> JSONObject {
        let parts = path.split(separator: "/")
        let filename = parts.last.map(String.init) ?? path
        let folder = parts.count > 1 ? parts.dropLast().joined(separator: "/") : "."
        let base = name(prefix)
        var params = JSONObject()
        add(folder: folder, named: base, to: &params)
        params[base + ".filename"] = .string(filename)
        params[base + ".filenameNormalized"] = .string(normalized(filename))
        return params
    }

    private static func name(_ prefix: String?) -> String {
        prefix.map { $0 + ".path" } ?? "path"
    }

    private static func add(folder path: String, named base: String, to params: inout JSONObject) {
        let segments = path.split(separator: "/").map(String.init)
        let basename = segments.last ?? path
        params[base] = .string(path)
        params[base + ".basename"] = .string(basename)
        params[base + ".basenameNormalized"] = .string(normalized(basename))
        for (index, segment) in segments.enumerated() where segment != "." {
            params[base + "[\(index)]"] = .string(segment)
        }
    }

    /// A name as a DNS subdomain, as Argo CD's `SanitizeName`: lower case, every character
    /// other than `a-z`, `0-9`, `-` and `.` replaced by `-`, at most 253 characters, no
    /// leading or trailing `-` or `.`.
    static func normalized(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-.")
        let replaced = String(name.lowercased().map { allowed.contains($0) ? $0 : "-" }.prefix(253))
        return String(replaced.drop { $0 == "-" || $0 == "." }.reversed().drop { $0 == "-" || $0 == "." }.reversed())
    }

    /// `value`'s leaves as params with dotted names (`a.b.c`; list elements by index, `a.0`),
    /// as Argo CD flattens a config file. Empty maps and lists stay as they are.
    static func flattened(_ object: JSONObject) -> JSONObject {
        var result = JSONObject()
        for (key, value) in object { flatten(value, name: key, into: &result) }
        return result
    }

    private static func flatten(_ value: JSONValue, name: String, into result: inout JSONObject) {
        switch value {
        case .object(let nested) where !nested.isEmpty:
            for (key, child) in nested { flatten(child, name: name + "." + key, into: &result) }
        case .array(let elements) where !elements.isEmpty:
            for (index, child) in elements.enumerated() { flatten(child, name: name + ".\(index)", into: &result) }
        default:
            result[name] = value
        }
    }
}
