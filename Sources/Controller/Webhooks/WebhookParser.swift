import FleetModel

/// Turns a webhook call (headers and raw body) into a verified event: finds the sender from its
/// event header, authenticates the call with that provider's secret (before reading the payload),
/// then reads the push. Pure: no I/O, no clock.
public struct WebhookParser: Sendable {
    /// The providers' secrets.
    public var secrets: WebhookSecrets
    /// The largest body taken (bytes); larger is `payloadTooLarge` (413).
    public var bodyLimit: Int

    /// The default body limit: 1 MiB (GitHub caps its payloads at 25 MB, but a push of a few
    /// commits is a few kilobytes; a larger one is refused rather than parsed).
    public static let defaultBodyLimit = 1 << 20

    /// A parser with `secrets`, taking bodies up to `bodyLimit` bytes.
    public init(secrets: WebhookSecrets, bodyLimit: Int = WebhookParser.defaultBodyLimit) {
        self.secrets = secrets
        self.bodyLimit = bodyLimit
    }

    /// The event that `headers` (names in any case) and `body` make.
    public func parse(headers: [String: String], body: [UInt8]) throws(WebhookError) -> WebhookEvent {
        guard body.count <= bodyLimit else { throw .payloadTooLarge(limit: bodyLimit) }
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value }
        let call = Call(headers: lowered, body: body)
        guard let (provider, event) = Self.sender(of: call) else { throw .unknownSender }
        try authenticate(call, from: provider)
        guard Self.isPush(event, from: provider) else { return .ignored(provider, event: event) }
        return .push(try Self.push(from: call, provider: provider))
    }

    struct Call {
        var headers: [String: String]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers[name].flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// The provider and its event name. Gitea, Forgejo and Gogs also send `X-GitHub-Event`, so
    /// they are asked first; Bitbucket Cloud is told from Server by its `X-Hook-UUID`.
    static func sender(of call: Call) -> (WebhookProvider, String)? {
        for name in ["x-forgejo-event", "x-gitea-event", "x-gogs-event"] {
            if let event = call.header(name) { return (.gitea, event) }
        }
        if let event = call.header("x-gitlab-event") { return (.gitlab, event) }
        if let event = call.header("x-github-event") { return (.github, event) }
        if let event = call.header("x-event-key") {
            return (call.header("x-hook-uuid") != nil ? .bitbucket : .bitbucketServer, event)
        }
        return nil
    }

    static func isPush(_ event: String, from provider: WebhookProvider) -> Bool {
        switch provider {
        case .github, .gitea: event == "push"
        case .gitlab: event == "Push Hook" || event == "Tag Push Hook"
        case .bitbucket: event == "repo:push"
        case .bitbucketServer: event == "repo:refs_changed"
        }
    }

    /// Throws `unauthorized` unless the call carries the provider's secret or a valid signature made with it.
    func authenticate(_ call: Call, from provider: WebhookProvider) throws(WebhookError) {
        guard let secret = secrets.secret(for: provider) else {
            throw .unauthorized(provider, reason: "no secret is configured for \(provider) (--webhook-secret-file)")
        }
        let valid: Bool
        let header: String
        switch provider {
        case .github:
            header = "X-Hub-Signature-256"
            guard let signature = call.header("x-hub-signature-256") else { throw Self.missing(header, provider) }
            valid = WebhookSignature.isValidHMAC(signature, body: call.body, secret: secret, prefix: "sha256=")
        case .gitlab:
            header = "X-Gitlab-Token"
            guard let token = call.header("x-gitlab-token") else { throw Self.missing(header, provider) }
            valid = WebhookSignature.isSameToken(token, secret)
        case .gitea:
            let names = ["x-forgejo-signature", "x-gitea-signature", "x-gogs-signature"]
            header = "X-Gitea-Signature"
            guard let signature = names.lazy.compactMap({ call.header($0) }).first else {
                throw Self.missing(header, provider)
            }
            valid = WebhookSignature.isValidHMAC(signature, body: call.body, secret: secret)
        case .bitbucket:
            header = "X-Hook-UUID"
            guard let uuid = call.header("x-hook-uuid") else { throw Self.missing(header, provider) }
            valid = WebhookSignature.isSameToken(Self.bareUUID(uuid), Self.bareUUID(secret))
        case .bitbucketServer:
            header = "X-Hub-Signature"
            guard let signature = call.header("x-hub-signature") else { throw Self.missing(header, provider) }
            valid = WebhookSignature.isValidHMAC(signature, body: call.body, secret: secret, prefix: "sha256=")
        }
        guard valid else { throw .unauthorized(provider, reason: "\(header) does not match the configured secret") }
    }

    private static func missing(_ header: String, _ provider: WebhookProvider) -> WebhookError {
        .unauthorized(provider, reason: "no \(header) header")
    }

    /// A UUID without braces, lowercased: Bitbucket sends `{…}`, people copy it either way.
    private static func bareUUID(_ text: String) -> String {
        var uuid = text.trimmingCharacters(in: .whitespaces).lowercased()
        if uuid.hasPrefix("{"), uuid.hasSuffix("}") { uuid = String(uuid.dropFirst().dropLast()) }
        return uuid
    }
}
