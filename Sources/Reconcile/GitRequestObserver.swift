/// One finished `git` request to a remote, as a git observer sees it: what metrics count
/// (`argocd_git_request_total`, `argocd_git_request_duration_seconds`).
public struct GitRequestRecord: Sendable, Equatable {
    /// What was asked of the remote.
    public enum Kind: String, Sendable, CaseIterable {
        /// A clone or fetch of commits (Argo CD's `fetch`).
        case fetch
        /// Listing the remote's refs without fetching (Argo CD's `ls-remote`).
        case lsRemote = "ls-remote"
    }

    /// The repository URL without credentials, as `git` was given it.
    public var repoURL: String
    /// Fetch or ls-remote.
    public var kind: Kind
    /// How long `git` ran.
    public var duration: Duration
    /// Whether `git` failed (non-zero exit, timeout, cancelled).
    public var failed: Bool

    /// A record.
    public init(repoURL: String, kind: Kind, duration: Duration, failed: Bool) {
        self.repoURL = repoURL
        self.kind = kind
        self.duration = duration
        self.failed = failed
    }
}

/// Told about every `git` request a `SourceRenderer` makes to a remote, once it ends; it must be
/// quick and must not block.
public typealias GitRequestObserver = @Sendable (GitRequestRecord) -> Void
