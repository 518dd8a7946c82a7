import ArgumentParser

/// A repository URL or credential-template prefix as `repo` commands take it: https://,
/// ssh:// or scp-like `user@host:path` for Git and Helm repositories, `oci://host[:port][/path]`
/// for an OCI Helm registry; never with a password in it.
struct RepoURLArgument {
    /// How it is reached, which decides the credentials it can take.
    enum Transport {
        /// git or libcurl over HTTPS.
        case https
        /// git over SSH.
        case ssh
        /// Helm's registry client (a Helm chart registry).
        case oci
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
            guard scheme == "https" || scheme == "ssh" || scheme == "oci" else {
                throw ValidationError(
                    "\(field): only https://, ssh://, user@host:path and oci:// repositories are supported")
            }
            let rest = text[schemeEnd.upperBound...]
            let authority = rest[..<(rest.firstIndex(of: "/") ?? rest.endIndex)]
            guard !authority.isEmpty else { throw ValidationError("\(field): \"\(text)\" names no host") }
            if scheme == "oci" {
                try Self.checkRegistry(text, authority: authority, path: rest[authority.endIndex...], field: field)
                transport = .oci
                url = text
                return
            }
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

    /// An `oci://` registry: `host[:port]` without user info, a port of 1–65535, and a path
    /// (optional) of plain segments: no `.`/`..`, empty segment, query or fragment.
    private static func checkRegistry(
        _ text: String, authority: Substring, path: Substring, field: String
    ) throws {
        if authority.contains("@") {
            throw ValidationError(
                "\(field): a URL must not carry a credential; give it with --username and --password-stdin")
        }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        let host = parts[0]
        // A host begins with a letter or digit: one beginning with "-" would read as an option.
        guard let first = host.first, first.isLetter || first.isNumber,
            host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" })
        else {
            throw ValidationError("\(field): \"\(text)\" has no valid registry host (oci://host[:port]/path)")
        }
        if parts.count > 2 || (parts.count == 2 && !(Int(parts[1]).map { (1...65_535).contains($0) } ?? false)) {
            throw ValidationError("\(field): \"\(text)\" has an invalid port (1-65535)")
        }
        guard !path.contains("?"), !path.contains("#"), !path.contains("%") else {
            throw ValidationError("\(field): \"\(text)\": a registry path takes no query, fragment or escape")
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let trimmed = segments.last == "" ? segments.dropLast() : segments
        if trimmed.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            throw ValidationError("\(field): \"\(text)\": a registry path takes no empty, . or .. segment")
        }
    }
}
