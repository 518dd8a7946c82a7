/// Which stored entries apply to a repository URL, as Argo CD chooses: the repository's own
/// entry when it has a credential, else the credential template with the longest prefix
/// covering the URL. Unlike Argo CD's plain string prefix, a template covers a URL only at a
/// path boundary: `https://git.example.com` never covers `https://git.example.com.evil.org/x`,
/// which would hand its secret to another host.
enum RepositoryMatching {
    /// What applies to a URL: the repository's own entry (for its server checks) and the one
    /// whose credential is used; either may be missing, and they may be the same.
    struct Choice: Equatable {
        var repository: RepositoryRecord?
        var credentialSource: RepositoryRecord?
    }

    /// The entries of `records` that apply to `url`.
    static func choose(for url: String, among records: [RepositoryRecord]) -> Choice {
        let wanted = comparable(url, dropGitSuffix: true)
        let own = records.first { $0.scope == .repository && comparable($0.url, dropGitSuffix: true) == wanted }
        if let own, own.credentialKind != .none { return Choice(repository: own, credentialSource: own) }
        let template =
            records
            .filter { $0.scope == .template && covers(prefix: $0.url, url: url) }
            .max { comparable($0.url, dropGitSuffix: false).count < comparable($1.url, dropGitSuffix: false).count }
        return Choice(repository: own, credentialSource: template)
    }

    /// Whether the template prefix `prefix` covers `url`: equal, or `url` continues it at a
    /// `/` (or, for scp-like `user@host:path` prefixes, at the `:` before the path).
    static func covers(prefix: String, url: String) -> Bool {
        let prefix = comparable(prefix, dropGitSuffix: false)
        let url = comparable(url, dropGitSuffix: false)
        guard url.hasPrefix(prefix) else { return false }
        let rest = url.dropFirst(prefix.count)
        guard let next = rest.first else { return true }
        if prefix.hasSuffix("/") || next == "/" { return true }
        let scpLike = !prefix.contains("://")
        return scpLike && (next == ":" || prefix.hasSuffix(":"))
    }

    /// `url` as it is compared: lower case (hosts and, as Argo CD does, paths), without
    /// trailing slashes and, for a whole repository, without `.git`.
    static func comparable(_ url: String, dropGitSuffix: Bool) -> String {
        var text = Substring(url.lowercased())
        if dropGitSuffix {
            while text.hasSuffix("/") { text = text.dropLast() }
            if text.hasSuffix(".git") { text = text.dropLast(4) }
        }
        while text.hasSuffix("/") && !text.hasSuffix("://") { text = text.dropLast() }
        return String(text)
    }
}
