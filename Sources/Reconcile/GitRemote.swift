import Foundation

/// A remote repository URL as Flotilla hands it to `git`: only `https://`, `ssh://` and
/// scp-like `user@host:path` remotes; never one that `git` could read as an option; and with
/// any credential (`https://deploy:TOKEN@host/…`) taken out of the URL, so that it reaches
/// `git` through its askpass helper and appears in no message, record, mirror config or
/// process list.
public struct GitRemote: Sendable, Equatable {
    /// The URL without credentials: what `git` is given and every message shows.
    public var url: String
    /// The user name the URL carried, if any.
    var username: String?
    /// The password or token the URL carried, if any.
    var password: String?

    /// Parses `text`; refuses schemes other than https and ssh, and a leading `-`.
    public init(_ text: String) throws(ReconcileError) {
        guard !text.hasPrefix("-"), !text.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw ReconcileError("repoURL \"\(Self.redacted(text))\" is not a repository URL")
        }
        if let schemeEnd = text.range(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            guard ["https", "ssh"].contains(scheme) else {
                throw ReconcileError(
                    "repoURL \"\(Self.redacted(text))\": only https://, ssh:// and git@host:path repositories are allowed"
                )
            }
            var rest = String(text[schemeEnd.upperBound...])
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                let parts = rest[..<at].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let user = String(parts.first ?? "")
                let host = String(rest[rest.index(after: at)...])
                if scheme == "https" {
                    username = user.removingPercentEncoding ?? user
                    password = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : nil
                    rest = host
                } else {
                    // ssh authenticates with keys: the user stays, a password is dropped.
                    rest = user + "@" + host
                }
            }
            url = scheme + "://" + rest
        } else {
            // scp-like `git@host:path`: a user, no password, no scheme.
            url = text
        }
    }

    /// A local repository (an absolute path), cloned like a remote one.
    init(local path: String) throws(ReconcileError) {
        guard path.hasPrefix("/") else { throw ReconcileError("\(path): a local repository needs an absolute path") }
        url = path
    }

    /// Whether `text` is a remote (a URL with a scheme, or scp-like `user@host:path`) rather than a local path.
    public static func isRemote(_ text: String) -> Bool {
        (text.contains("://") && !text.hasPrefix("file://")) || (text.contains("@") && text.contains(":"))
    }

    /// `text` with the password of any `scheme://user:password@` part replaced by `***`:
    /// for messages about URLs that were refused before they could be parsed.
    public static func redacted(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return text }
        return text[..<schemeEnd.upperBound] + "***@" + rest[rest.index(after: at)...]
    }

    /// The environment that hands the credential to `git` through `askpass` (a script that
    /// prints it), and keeps git from asking anyone else.
    func environment(askpass: String) -> [String: String] {
        guard username != nil || password != nil else { return [:] }
        return [
            "GIT_ASKPASS": askpass, "GIT_CREDENTIAL_USERNAME": username ?? "",
            "GIT_CREDENTIAL_PASSWORD": password ?? "",
        ]
    }

    /// The askpass script: answers git's `Username for …` and `Password for …` prompts from
    /// the environment, so that no secret is ever written to a file.
    static let askpassScript = """
        #!/bin/sh
        case "$1" in
          Username*) printf '%s\\n' "$GIT_CREDENTIAL_USERNAME" ;;
          *) printf '%s\\n' "$GIT_CREDENTIAL_PASSWORD" ;;
        esac

        """
}
