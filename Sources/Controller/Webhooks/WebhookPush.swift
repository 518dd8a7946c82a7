/// What a verified push event says: which repository moved, which refs, to which commit.
public struct WebhookPush: Sendable, Equatable {
    /// Who sent it.
    public var provider: WebhookProvider
    /// Every URL the payload gives for the repository (web page, HTTPS clone, SSH clone), in
    /// payload order, without duplicates; match them with `matches(repoURL:)`.
    public var repositoryURLs: [String]
    /// The refs pushed (`refs/heads/main`, `refs/tags/v1`); Bitbucket can push several at once.
    public var refs: [String]
    /// The commit the (first) ref points to now; nil when the payload does not say, or the ref
    /// was deleted.
    public var revision: String?

    /// A push.
    public init(provider: WebhookProvider, repositoryURLs: [String], refs: [String], revision: String?) {
        self.provider = provider
        self.repositoryURLs = repositoryURLs
        self.refs = refs
        self.revision = revision
    }

    /// The branch names pushed (`main` for `refs/heads/main`).
    public var branches: [String] {
        refs.compactMap { $0.hasPrefix("refs/heads/") ? String($0.dropFirst("refs/heads/".count)) : nil }
    }

    /// The tag names pushed (`v1` for `refs/tags/v1`).
    public var tags: [String] {
        refs.compactMap { $0.hasPrefix("refs/tags/") ? String($0.dropFirst("refs/tags/".count)) : nil }
    }

    /// Whether the push is to the repository `repoURL` names (however it is spelled: scheme,
    /// `.git`, case, trailing slash and SSH forms do not matter).
    public func matches(repoURL: String) -> Bool {
        guard let wanted = RepositoryURL(repoURL) else { return false }
        return repositoryURLs.contains { RepositoryURL($0) == wanted }
    }

    /// Whether the push can change what `targetRevision` resolves to: `HEAD` or an empty
    /// revision (the default branch, which a payload does not always name), a branch or tag
    /// pushed (by name or full ref), or the pushed commit itself. A pinned other commit never moves.
    public func touches(targetRevision: String) -> Bool {
        let revision = targetRevision.trimmingCharacters(in: .whitespaces)
        if revision.isEmpty || revision == "HEAD" { return true }
        if refs.contains(revision) || branches.contains(revision) || tags.contains(revision) { return true }
        guard let pushed = self.revision, revision.count >= 7, revision.allSatisfy(\.isHexDigit) else { return false }
        return pushed.lowercased().hasPrefix(revision.lowercased())
    }

    /// Whether the push concerns an Application source: its repository matches and its
    /// revision may have moved.
    public func matches(repoURL: String, targetRevision: String) -> Bool {
        matches(repoURL: repoURL) && touches(targetRevision: targetRevision)
    }
}
