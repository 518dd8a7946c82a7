import ArgumentParser

/// A repository URL or credential-template prefix as `repo` commands take it: https://,
/// ssh:// or scp-like `user@host:path`, never with a password in it.
struct RepoURLArgument {
    /// How git reaches it, which decides the credentials it can take.
    enum Transport {
        case https, ssh
    }

    let url: String
    let transport: Transport

    /// `text` checked; `field` names the argument in errors; `prefix` allows a template
    /// prefix (scp-like without a path: `git@github.com`).
    init(_ text: String, field: String, prefix: Bool) throws {
        guard !text.isEmpty, !text.hasPrefix("-"), !text.contains(where: { $0.isWhitespace || $0 == "\0" }) else {
            throw ValidationError("\(field): \"\(text)\" is not a repository URL")
        }
        if let schemeEnd = text.range(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            guard scheme == "https" || scheme == "ssh" else {
                throw ValidationError("\(field): only https://, ssh:// and user@host:path repositories are supported")
            }
            let rest = text[schemeEnd.upperBound...]
            let authority = rest[..<(rest.firstIndex(of: "/") ?? rest.endIndex)]
            guard !authority.isEmpty else { throw ValidationError("\(field): \"\(text)\" names no host") }
            if let at = authority.lastIndex(of: "@") {
                let user = authority[..<at]
                guard scheme == "ssh", !user.contains(":") else {
                    throw ValidationError(
                        "\(field): a URL must not carry a credential; give it with --username and --password-stdin")
                }
            }
            transport = scheme == "https" ? .https : .ssh
        } else {
            guard !text.hasPrefix("/"), text.contains("@") || text.contains(":") else {
                throw ValidationError(
                    "\(field): \"\(text)\" is not a remote repository URL (https://, ssh://, user@host:path)")
            }
            guard prefix || (text.contains("@") && text.contains(":")) else {
                throw ValidationError("\(field): \"\(text)\" is not a repository URL (user@host:path)")
            }
            transport = .ssh
        }
        url = text
    }
}
