import FleetModel
import Foundation

/// The secret of each Git host's webhooks, from `--webhook-secret-file`. A provider without a
/// secret has every call refused (401): an unauthenticated call never triggers a refresh.
///
/// The file is YAML, every key optional, every value a string:
///
/// ```yaml
/// github: "…"            # X-Hub-Signature-256 HMAC key
/// gitlab: "…"            # X-Gitlab-Token
/// gitea: "…"             # Gitea, Forgejo and Gogs signature HMAC key
/// bitbucket: "{uuid}"    # Bitbucket Cloud: the webhook's UUID (X-Hook-UUID)
/// bitbucketserver: "…"   # Bitbucket Server / Data Center: X-Hub-Signature HMAC key
/// ```
///
/// No description of this type shows a secret.
public struct WebhookSecrets: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    private var values: [WebhookProvider: String]

    /// Secrets for the providers given; the others refuse every call.
    public init(
        github: String? = nil, gitlab: String? = nil, gitea: String? = nil, bitbucket: String? = nil,
        bitbucketServer: String? = nil
    ) {
        values = [:]
        values[.github] = github
        values[.gitlab] = gitlab
        values[.gitea] = gitea
        values[.bitbucket] = bitbucket
        values[.bitbucketServer] = bitbucketServer
    }

    /// The secret (for Bitbucket Cloud, the UUID) of `provider`, when one is configured.
    public func secret(for provider: WebhookProvider) -> String? {
        values[provider].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The providers with a secret, in declaration order.
    public var configuredProviders: [WebhookProvider] {
        WebhookProvider.allCases.filter { secret(for: $0) != nil }
    }

    /// Which providers are configured, never their secrets.
    public var description: String {
        "WebhookSecrets(\(configuredProviders.map(\.secretKey).joined(separator: ", ")))"
    }

    public var customMirror: Mirror { Mirror(self, children: ["configured": configuredProviders.map(\.secretKey)]) }

    /// Reads `path` (see the type's documentation for the format).
    public static func load(file path: String) throws(WebhookSecretsError) -> WebhookSecrets {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: path, reason: "the file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// A warning when others than the owner may read the file at `path` (its mode allows group
    /// or world access), else nil; for `serve` to show at start.
    public static func permissionWarning(file path: String) -> String? {
        SecretFile.permissionWarning(file: path, what: "webhook secret file")
    }

    /// Reads the secret file's `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(WebhookSecretsError) -> WebhookSecrets {
        let entries: [(key: String, value: JSONValue, location: SourceLocation)]
        do {
            guard let found = try SecretFile.entries(text, file: file, expected: "provider: secret") else {
                return WebhookSecrets()
            }
            entries = found
        } catch {
            throw .invalid(error.message)
        }
        let keys = WebhookProvider.allCases.map(\.secretKey)
        var secrets = WebhookSecrets()
        for (key, value, location) in entries {
            guard let provider = WebhookProvider.allCases.first(where: { $0.secretKey == key }) else {
                throw .invalid("\(location): unknown key \"\(key)\"; expected one of \(keys.joined(separator: ", "))")
            }
            guard case .string(let secret) = value else {
                throw .invalid(
                    "\(location): \(key): the secret must be a string (quote it), found a \(value.typeName)")
            }
            guard !secret.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .invalid("\(location): \(key): the secret is empty; leave the key out to refuse \(provider)")
            }
            secrets.values[provider] = secret
        }
        return secrets
    }
}

/// Why the webhook secret file could not be used; messages name the file, line and key, never a secret.
public enum WebhookSecretsError: Error, Sendable, Equatable {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file's content is not a valid secret file (the message starts with `file:line:column`).
    case invalid(String)
}

extension WebhookSecretsError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot read the webhook secret file: \(reason)"
        case .invalid(let message): message
        }
    }
}
