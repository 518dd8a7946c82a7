import Foundation

/// Which stored entries apply to a repository URL, as Argo CD chooses: the repository's own
/// entry when it has a credential, else the credential template with the longest prefix
/// covering the URL. Unlike Argo CD's plain string prefix, a template covers a URL only at a
/// path boundary: `https://git.example.com` never covers `https://git.example.com.evil.org/x`,
/// which would hand its secret to another host. An scp-like URL and its ssh:// form are one.
enum RepositoryMatching {
    /// What applies to a URL: the repository's own entry (for its server checks) and the one
    /// whose credential is used; either may be missing, and they may be the same.
    struct Choice: Equatable {
        var repository: RepositoryRecord?
        var credentialSource: RepositoryRecord?
    }

    /// The entries of `records` that apply to `url` (none for a URL with `.` or `..` segments).
    static func choose(for url: String, among records: [RepositoryRecord]) -> Choice {
        guard !hasDotSegments(url) else { return Choice() }
        let wanted = comparable(url, dropGitSuffix: true)
        let own = records.first { $0.scope == .repository && comparable($0.url, dropGitSuffix: true) == wanted }
        if let own, own.credentialKind != .none { return Choice(repository: own, credentialSource: own) }
        let template =
            records
            .filter { $0.scope == .template && covers(prefix: $0.url, url: url) }
            .max { comparable($0.url, dropGitSuffix: false).count < comparable($1.url, dropGitSuffix: false).count }
        return Choice(repository: own, credentialSource: template)
    }

    /// For a file of a Helm repository (its `index.yaml`, an archive): the entry of either
    /// scope whose URL is the longest covering `url`.
    static func covering(_ url: String, among records: [RepositoryRecord]) -> Choice {
        guard !hasDotSegments(url) else { return Choice() }
        let entry = records.filter { covers(prefix: $0.url, url: url) }
            .max { comparable($0.url, dropGitSuffix: false).count < comparable($1.url, dropGitSuffix: false).count }
        return Choice(repository: entry, credentialSource: entry)
    }

    /// Whether `url`'s path has a `.` or `..` segment, percent-encoded or not: git and libcurl
    /// resolve them, so `https://host/team/../other/x` would reach outside the `team` prefix whose
    /// credential it matches as text. Such a URL gets no stored entry.
    static func hasDotSegments(_ url: String) -> Bool {
        let decoded = url.removingPercentEncoding ?? url
        let path = decoded.split(separator: "?", maxSplits: 1).first ?? ""
        return path.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == "." || $0 == ".." }
            || path.split(separator: ":").contains { $0 == ".." || $0.hasPrefix("../") }
    }

    /// Whether the template prefix `prefix` covers `url`: equal, or `url` continues it at a `/`.
    static func covers(prefix: String, url: String) -> Bool {
        let prefix = comparable(prefix, dropGitSuffix: false)
        let url = comparable(url, dropGitSuffix: false)
        guard url.hasPrefix(prefix) else { return false }
        let rest = url.dropFirst(prefix.count)
        return rest.isEmpty || rest.hasPrefix("/") || prefix.hasSuffix("/")
    }

    /// `url` as it is compared: scp-like `user@host:path` as `ssh://user@host/path` (as Argo
    /// CD normalizes it), lower case (hosts and, as Argo CD does, paths), without trailing
    /// slashes and, for a whole repository, without `.git`.
    static func comparable(_ url: String, dropGitSuffix: Bool) -> String {
        var text = Substring(url.lowercased())
        if !text.contains("://") {
            let colon = text.firstIndex(of: ":")
            let authority = text[..<(colon ?? text.endIndex)]
            var path = colon.map { text[text.index(after: $0)...] } ?? ""
            while path.hasPrefix("/") { path = path.dropFirst() }
            text = Substring("ssh://" + authority + (path.isEmpty ? "" : "/" + path))
        }
        if dropGitSuffix {
            while text.hasSuffix("/") { text = text.dropLast() }
            if text.hasSuffix(".git") { text = text.dropLast(4) }
        }
        while text.hasSuffix("/") && !text.hasSuffix("://") { text = text.dropLast() }
        return String(text)
    }
}
