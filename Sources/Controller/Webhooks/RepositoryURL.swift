/// A Git repository's identity for matching webhook pushes with Application sources: host and
/// path, case-insensitive, whatever the spelling.
///
/// `https://github.com/Org/Repo.git`, `http://github.com/org/repo/`, `git@github.com:org/repo`,
/// `ssh://git@github.com:22/org/repo.git` and `https://user@www.github.com/org/repo` are all
/// `github.com/org/repo`: the scheme, user, port, a leading `www.`, a trailing `.git` or `/`
/// and letter case do not count (as Argo CD matches them).
public struct RepositoryURL: Sendable, Hashable, CustomStringConvertible {
    /// The host, lowercased, without user, port or `www.`.
    public let host: String
    /// The path, lowercased, without surrounding slashes or `.git`.
    public let path: String

    /// The identity of `text`; nil when it names no host and path (a local folder, an empty string).
    public init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        // A repository on this machine (`file:///srv/git/repo`): its folder is its identity.
        if rest.hasPrefix("file://") {
            let path = rest.dropFirst("file://".count).split(separator: "/").joined(separator: "/")
            var trimmed = path.hasSuffix(".git") ? String(path.dropLast(4)) : path
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            guard !trimmed.isEmpty else { return nil }
            host = "file"
            self.path = trimmed
            return
        }
        var authority: Substring
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = rest[..<end]
            rest = rest[end...]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            if authority.hasPrefix("[") {  // [IPv6]:port
                authority = authority.split(separator: "]", maxSplits: 1).first.map { $0.dropFirst() } ?? ""
            } else if let colon = authority.firstIndex(of: ":") {
                authority = authority[..<colon]
            }
        } else if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            // scp-like `user@host:path`.
            authority = rest[..<colon]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            rest = rest[rest.index(after: colon)...]
        } else {
            return nil
        }
        var host = authority.lowercased()
        if host.hasPrefix("www.") { host.removeFirst(4) }
        var path = rest.lowercased()
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<query]) }
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix(".git") { path.removeLast(4) }
        while path.hasSuffix("/") { path.removeLast() }
        while path.hasPrefix("/") { path.removeFirst() }
        guard !host.isEmpty, !path.isEmpty else { return nil }
        self.host = host
        self.path = path
    }

    /// `host/path`.
    public var description: String { "\(host)/\(path)" }
}
