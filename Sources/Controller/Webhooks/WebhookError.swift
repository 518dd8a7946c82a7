import Foundation

/// Why a webhook call was refused; each maps to an HTTP status, and no message carries a secret.
public enum WebhookError: Error, Sendable, Equatable {
    /// No header names a known Git host's event.
    case unknownSender
    /// The call is not authenticated: no secret configured for the provider, or the signature
    /// or token is missing or wrong. Nothing is refreshed.
    case unauthorized(WebhookProvider, reason: String)
    /// The provider is known and the call authentic, but the payload is not the shape its push
    /// events have.
    case malformedPayload(WebhookProvider, reason: String)
    /// The body is longer than the limit (bytes).
    case payloadTooLarge(limit: Int)

    /// The HTTP status to answer with: 400, 401 or 413.
    public var httpStatus: Int {
        switch self {
        case .unknownSender, .malformedPayload: 400
        case .unauthorized: 401
        case .payloadTooLarge: 413
        }
    }
}

extension WebhookError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .unknownSender:
            "webhook: no known event header (X-GitHub-Event, X-Gitlab-Event, X-Gitea-Event, X-Forgejo-Event, "
                + "X-Gogs-Event, X-Event-Key)"
        case .unauthorized(let provider, let reason):
            "webhook from \(provider): unauthorized: \(reason)"
        case .malformedPayload(let provider, let reason):
            "webhook from \(provider): malformed payload: \(reason)"
        case .payloadTooLarge(let limit):
            "webhook: the payload is larger than \(limit) bytes"
        }
    }
}
