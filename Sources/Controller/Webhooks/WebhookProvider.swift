/// The Git hosts whose push webhooks `flotilla serve` takes.
public enum WebhookProvider: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// GitHub (and GitHub Enterprise): `X-GitHub-Event`, `X-Hub-Signature-256`.
    case github = "GitHub"
    /// GitLab: `X-Gitlab-Event`, `X-Gitlab-Token`.
    case gitlab = "GitLab"
    /// Gitea, Forgejo and Gogs: `X-Gitea-Event` / `X-Forgejo-Event` / `X-Gogs-Event` and the
    /// matching `…-Signature` (hex HMAC-SHA256).
    case gitea = "Gitea"
    /// Bitbucket Cloud: `X-Event-Key`, `X-Hook-UUID`.
    case bitbucket = "Bitbucket"
    /// Bitbucket Server / Data Center: `X-Event-Key`, `X-Hub-Signature` (sha256 HMAC).
    case bitbucketServer = "Bitbucket Server"

    /// The provider's name, as messages show it.
    public var description: String { rawValue }

    /// The key of the provider's secret in the webhook secret file.
    public var secretKey: String {
        switch self {
        case .github: "github"
        case .gitlab: "gitlab"
        case .gitea: "gitea"
        case .bitbucket: "bitbucket"
        case .bitbucketServer: "bitbucketserver"
        }
    }
}
