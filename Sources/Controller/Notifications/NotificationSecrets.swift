import FleetModel
import Foundation

/// The URLs Notifications documents name as `url: $name`, from `serve --notification-secret-file`
/// (like Argo CD's `argocd-notifications-secret`): whoever writes the fleet picks among the
/// addresses the operator allows, and Slack's webhook URLs stay out of Git.
///
/// The file is a YAML map of name to `http://` or `https://` URL. No description of this type
/// shows a URL.
public struct NotificationSecrets: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    private var urls: [String: String]

    /// Secrets by name (tests; `load` checks them).
    public init(_ urls: [String: String] = [:]) {
        self.urls = urls
    }

    /// The URL named `name`, if the file has it.
    public func url(named name: String) -> String? { urls[name] }

    /// The names, sorted.
    public var names: [String] { urls.keys.sorted() }

    /// The names, never the URLs.
    public var description: String { "NotificationSecrets(\(names.joined(separator: ", ")))" }

    public var customMirror: Mirror { Mirror(self, children: ["names": names]) }

    /// Reads `path`; errors name the file, line and key, never a URL.
    public static func load(file path: String) throws(NotificationSecretsError) -> NotificationSecrets {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalid("\(path): cannot read the notification secret file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalid("\(path): the notification secret file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// A warning when others than the owner may read the file at `path` (its mode allows group
    /// or world access), else nil; for `serve` to show at start.
    public static func permissionWarning(file path: String) -> String? {
        SecretFile.permissionWarning(file: path, what: "notification secret file")
    }

    /// Reads the secret file's `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(NotificationSecretsError) -> NotificationSecrets {
        let entries: [(key: String, value: JSONValue, location: SourceLocation)]
        do {
            guard let found = try SecretFile.entries(text, file: file, expected: "name: URL") else {
                return NotificationSecrets()
            }
            entries = found
        } catch {
            throw .invalid(error.message)
        }
        var urls: [String: String] = [:]
        for (key, value, location) in entries {
            guard case .string(let url) = value else {
                throw .invalid("\(location): \(key): the URL must be a string, found a \(value.typeName)")
            }
            guard let scheme = URLComponents(string: url)?.scheme?.lowercased(), ["http", "https"].contains(scheme),
                URLComponents(string: url)?.host?.isEmpty == false
            else {
                throw .invalid("\(location): \(key): not an http:// or https:// URL")
            }
            urls[key] = url
        }
        return NotificationSecrets(urls)
    }
}

/// Why the notification secret file could not be used (the message starts with `file:line:column`).
public enum NotificationSecretsError: Error, Sendable, Equatable, LocalizedError {
    /// The file could not be read, or its content is not a secret file.
    case invalid(String)

    public var errorDescription: String? {
        switch self {
        case .invalid(let message): message
        }
    }
}
