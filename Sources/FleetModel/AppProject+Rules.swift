import Foundation

extension AppProject {
    /// Why the project refuses the source repository `repoURL`, or nil when it permits it
    /// (Argo CD's `IsSourcePermitted`): URLs and patterns are compared normalized (lower case,
    /// no `.git`, `git@host:path` as `host/path`), `*` stays within one path segment and `**`
    /// crosses them; the first `!` pattern that matches refuses; else some pattern must match,
    /// and a `!` pattern that does not match counts as one.
    public func sourceRefusal(_ repoURL: String) -> String? {
        let source = Self.normalizedRepository(repoURL)
        var anyMatched = false
        for pattern in sourcePatterns {
            if pattern.matches(source) {
                anyMatched = true
            } else if pattern.negated {
                return "project \"\(name)\" denies source repository \(repoURL) (sourceRepos: \"\(pattern.text)\")"
            }
        }
        guard !anyMatched else { return nil }
        return "project \"\(name)\" does not permit source repository \(repoURL) "
            + "(sourceRepos: \(Self.listed(sourceRepos)))"
    }

    /// Why the project refuses the destination, or nil when it permits it (Argo CD's
    /// `isDestinationMatched`): an entry matches when its `server` or `name` pattern matches
    /// and its `namespace` pattern does; a `!` entry whose cluster part refuses the cluster (with
    /// the namespace matching), or whose namespace part refuses the namespace (with the
    /// cluster matching), refuses at once; else some entry must match. `destination` carries
    /// both the cluster's name and server when they are known; an unknown one matches `*` only.
    public func destinationRefusal(_ destination: ApplicationDestination) -> String? {
        let namespace = destination.namespace ?? ""
        var anyMatched = false
        for (entry, written) in zip(destinationPatterns, destinations) {
            let nameMatched = Self.matches(entry.name, destination.name)
            let serverMatched = Self.matches(entry.server, destination.server)
            let namespaceMatched = entry.namespace.matches(namespace)
            let clusterMatched = nameMatched || serverMatched
            if clusterMatched, namespaceMatched {
                anyMatched = true
            } else if namespaceMatched,
                (!nameMatched && entry.name?.negated == true) || (!serverMatched && entry.server?.negated == true)
            {
                return "project \"\(name)\" denies cluster \(Self.cluster(destination)) "
                    + "(destinations: \(Self.describe(written)))"
            } else if clusterMatched, !namespaceMatched, entry.namespace.negated {
                return "project \"\(name)\" denies namespace \"\(namespace)\" on cluster \(Self.cluster(destination)) "
                    + "(destinations: \(Self.describe(written)))"
            }
        }
        guard !anyMatched else { return nil }
        return "project \"\(name)\" does not permit destination namespace \"\(namespace)\" on cluster "
            + "\(Self.cluster(destination)) (destinations: \(Self.listed(destinations.map(Self.describe))))"
    }

    /// Why the project refuses an object of `group`/`kind` (cluster-scoped unless `namespaced`),
    /// or nil when it permits it (Argo CD's `IsGroupKindPermitted`): cluster-scoped kinds need a
    /// whitelist entry (none by default) and no blacklist entry; namespaced kinds need a
    /// whitelist entry when a whitelist is written, and no blacklist entry.
    public func kindRefusal(group: String, kind: String, namespaced: Bool) -> String? {
        let groupKind = GroupKindPattern(group: group, kind: kind)
        let scope = namespaced ? "namespace" : "cluster"
        let whitelist = namespaced ? namespaceResourceWhitelist : clusterResourceWhitelist
        let blacklist = namespaced ? namespaceResourceBlacklist : clusterResourceBlacklist
        if let whitelist, !whitelist.contains(where: { $0.matches(group: group, kind: kind) }) {
            let entries = whitelist.isEmpty ? "is empty" : "holds \(Self.listed(whitelist.map(\.description)))"
            return "project \"\(name)\" does not permit \(scope)-scoped \(groupKind) "
                + "(\(scope)ResourceWhitelist \(entries))"
        }
        if let entry = blacklist.first(where: { $0.matches(group: group, kind: kind) }) {
            return "project \"\(name)\" denies \(scope)-scoped \(groupKind) (\(scope)ResourceBlacklist: \(entry))"
        }
        return nil
    }

    /// The project's sync windows that apply to this Application.
    public func syncWindows(forApplication application: String, destination: ApplicationDestination) -> SyncWindows {
        SyncWindows(syncWindows.filter { $0.applies(toApplication: application, destination: destination) })
    }

    /// A URL as Argo CD's `NormalizeGitURL` compares it.
    static func normalizedRepository(_ url: String) -> String {
        var text = url.trimmingCharacters(in: .whitespaces).lowercased()
        if !text.contains("://"), let at = text.firstIndex(of: "@"), let colon = text[at...].firstIndex(of: ":") {
            text.replaceSubrange(colon...colon, with: "/")
        }
        if text.hasPrefix("ssh://") { text.removeFirst("ssh://".count) }
        if text.hasSuffix(".git") { text.removeLast(".git".count) }
        return text
    }

    /// A cluster pattern (which may deny) against a name or server. One not known (a cluster
    /// that is not registered, so `generate` cannot tell its server) matches `*` only; an
    /// absent pattern matches nothing.
    private static func matches(_ pattern: RulePattern?, _ value: String?) -> Bool {
        guard let pattern else { return false }
        guard let value, !value.isEmpty else { return pattern.text == "*" }
        return pattern.matches(value)
    }

    private static func cluster(_ destination: ApplicationDestination) -> String {
        switch (destination.name, destination.server) {
        case (let name?, let server?): "\"\(name)\" (\(server))"
        case (let name?, nil): "\"\(name)\""
        case (nil, let server?): server
        case (nil, nil): "\"\""
        }
    }

    private static func describe(_ entry: ApplicationDestination) -> String {
        let cluster = entry.name.map { "name: \($0)" } ?? "server: \(entry.server ?? "")"
        return "{\(cluster), namespace: \(entry.namespace ?? "")}"
    }

    private static func listed(_ items: [String]) -> String {
        guard !items.isEmpty else { return "none" }
        let shown = items.prefix(5).joined(separator: ", ")
        return items.count > 5 ? "\(shown), … (\(items.count - 5) more)" : shown
    }
}
