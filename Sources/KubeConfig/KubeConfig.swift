import FleetModel
import Foundation

/// Kubeconfig files merged by kubectl's rules: the first file to set a cluster,
/// user or context name wins, and so does the first to set `current-context`.
public struct KubeConfig: Sendable {
    /// The files read, in order.
    public let files: [String]
    /// Context names in the order they first appear.
    public let contextNames: [String]
    /// The merged `current-context`, if any file sets one.
    public let currentContext: String?
    let clusters: [String: KubeConfigEntry]
    let users: [String: KubeConfigEntry]
    let contexts: [String: KubeConfigEntry]

    init(files: [KubeConfigFile]) {
        var clusters: [String: KubeConfigEntry] = [:]
        var users: [String: KubeConfigEntry] = [:]
        var contexts: [String: KubeConfigEntry] = [:]
        var contextNames: [String] = []
        for file in files {
            for entry in file.clusters where clusters[entry.name] == nil { clusters[entry.name] = entry }
            for entry in file.users where users[entry.name] == nil { users[entry.name] = entry }
            for entry in file.contexts where contexts[entry.name] == nil {
                contexts[entry.name] = entry
                contextNames.append(entry.name)
            }
        }
        self.files = files.map(\.path)
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
        self.contextNames = contextNames
        currentContext = files.lazy.compactMap(\.currentContext).first
    }

    /// The context `name`, with its cluster, user and every file they name read now.
    public func resolve(context name: String) throws(KubeConfigError) -> ResolvedContext {
        guard let context = contexts[name] else {
            throw .contextNotFound(context: name, files: files, available: contextNames)
        }
        return try ContextResolver(config: self, context: context).resolve()
    }

    /// The current context, resolved.
    public func resolveCurrentContext() throws(KubeConfigError) -> ResolvedContext {
        guard let currentContext else { throw .noCurrentContext(files: files) }
        return try resolve(context: currentContext)
    }
}
