/// What a verified webhook call amounts to.
public enum WebhookEvent: Sendable, Equatable {
    /// A push: refresh the repositories it matches.
    case push(WebhookPush)
    /// A genuine event that is not a push (ping, issues, pull requests): answered, nothing refreshed.
    case ignored(WebhookProvider, event: String)
}
