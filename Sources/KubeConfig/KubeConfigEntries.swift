import FleetModel

/// One named entry (`clusters[]`, `users[]`, `contexts[]`) and the file that defined it.
struct KubeConfigEntry: Sendable {
    let name: String
    let body: FieldReader
    let file: String
}

/// The entries of one kubeconfig file, as written.
struct KubeConfigFile: Sendable {
    let path: String
    let clusters: [KubeConfigEntry]
    let users: [KubeConfigEntry]
    let contexts: [KubeConfigEntry]
    let currentContext: String?

    /// Reads `path`; an empty file is an empty kubeconfig, as kubectl treats it.
    init(path: String, text: String) throws(KubeConfigError) {
        self.path = path
        do {
            let documents = try YAMLLoader.load(text, file: path)
            guard let document = documents.first else {
                (clusters, users, contexts, currentContext) = ([], [], [], nil)
                return
            }
            let reader = document.reader
            _ = try reader.object()
            clusters = try Self.entries(reader, "clusters", body: "cluster", file: path)
            users = try Self.entries(reader, "users", body: "user", file: path)
            contexts = try Self.entries(reader, "contexts", body: "context", file: path)
            let current = try reader.optional("current-context")?.string()
            currentContext = current?.isEmpty == false ? current : nil
        } catch {
            throw .invalid(error)
        }
    }

    private static func entries(
        _ reader: FieldReader, _ key: String, body: String, file: String
    )
        throws(FleetModelError) -> [KubeConfigEntry]
    {
        var result: [KubeConfigEntry] = []
        for element in try reader.optional(key)?.elements() ?? [] {
            let name = try element.required("name").nonEmptyString()
            let content =
                try element.optional(body)
                ?? FieldReader(value: [:], path: element.path.appending(body), sourceMap: element.sourceMap)
            result.append(KubeConfigEntry(name: name, body: content, file: file))
        }
        return result
    }
}
