/// A cluster as generators see it: its identity and labels, never its credentials.
public struct Cluster: Sendable, Hashable {
    /// The unique cluster name.
    public var name: String
    /// The API server URL.
    public var server: String
    /// The Argo CD project the cluster belongs to, or empty.
    public var project: String
    /// Labels that fleet files select clusters by.
    public var labels: [String: String]
    /// Free-form annotations.
    public var annotations: [String: String]

    /// A cluster with the given identity.
    public init(
        name: String, server: String, project: String = "", labels: [String: String] = [:],
        annotations: [String: String] = [:]
    ) {
        self.name = name
        self.server = server
        self.project = project
        self.labels = labels
        self.annotations = annotations
    }

    /// The name lowercased, with every character other than `a-z`, `0-9`, `-` and `.`
    /// replaced by `-`, trimmed of leading and trailing `-`/`.` and cut to 253 characters
    /// (Argo CD's `nameNormalized`).
    public var nameNormalized: String {
        let replaced = String(
            name.lowercased().unicodeScalars.map { scalar -> Character in
                let allowed =
                    ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "."
                return allowed ? Character(scalar) : "-"
            }.prefix(253))
        return String(replaced.drop { $0 == "-" || $0 == "." }.reversed().drop { $0 == "-" || $0 == "." }.reversed())
    }
}
