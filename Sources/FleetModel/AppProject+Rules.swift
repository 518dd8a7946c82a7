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
        for pattern in sourceRepos {
            let denies = pattern.hasPrefix("!")
            let normalized = Self.normalizedRepository(denies ? String(pattern.dropFirst()) : pattern)
            let matched = pattern == "*" || (ProjectGlob(normalized, separators: ["/"])?.matches(source) ?? false)
            if denies, matched {
                return "project \"\(name)\" denies source repository \(repoURL) (sourceRepos: \"\(pattern)\")"
            }
            if denies || matched { anyMatched = true }
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
        for entry in destinations {
            let nameMatched = Self.matches(entry.name, destination.name)
            let serverMatched = Self.matches(entry.server, destination.server)
            let namespaceMatched = Self.negatableMatch(entry.namespace ?? "", namespace)
            let clusterMatched = nameMatched || serverMatched
            if clusterMatched, namespaceMatched {
                anyMatched = true
            } else if namespaceMatched,
                (!nameMatched && Self.denies(entry.name)) || (!serverMatched && Self.denies(entry.server))
            {
                return "project \"\(name)\" denies cluster \(Self.cluster(destination)) "
                    + "(destinations: \(Self.describe(entry)))"
            } else if clusterMatched, !namespaceMatched, Self.denies(entry.namespace) {
                return "project \"\(name)\" denies namespace \"\(namespace)\" on cluster \(Self.cluster(destination)) "
                    + "(destinations: \(Self.describe(entry)))"
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
    /// that is not registered, so `generate` cannot tell its server) matches `*` only.
    private static func matches(_ pattern: String?, _ value: String?) -> Bool {
        guard let value, !value.isEmpty else { return pattern == "*" }
        return negatableMatch(pattern ?? "", value)
    }

    /// Argo CD's `globMatch` with negation: `!p` matches what `p` does not; `*` everything.
    private static func negatableMatch(_ pattern: String, _ value: String) -> Bool {
        if pattern.hasPrefix("!") { return !(ProjectGlob(String(pattern.dropFirst()))?.matches(value) ?? false) }
        return pattern == "*" || (ProjectGlob(pattern)?.matches(value) ?? false)
    }

    private static func denies(_ pattern: String?) -> Bool { pattern?.hasPrefix("!") ?? false }

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
