import Foundation

/// What `git` is given to reach one remote with its credential: environment variables only
/// (never arguments, which every user sees in the process list) and, for an SSH key, a
/// known_hosts list or a CA bundle, a private folder (0700, files 0600) that `remove()`
/// deletes once the command has ended. The folder is in memory (`/dev/shm`) where there is one.
struct GitAuthentication {
    /// The variables to add to git's environment.
    private(set) var environment: [String: String] = [:]
    /// The private folder holding the key or CA bundle, when one was needed.
    private(set) var folder: String?
    /// The secrets handed over, to take out of anything git prints.
    private(set) var secrets: [String] = []

    /// The authentication for `remote`: its own URL credential when it carries a password,
    /// else `access` (a URL's user name alone does not hide a stored credential). `askpass` gives the path of the askpass helper, written when first needed.
    static func prepare(
        for remote: GitRemote, access: RepositoryAccess?, askpass: () throws(ReconcileError) -> String
    ) throws(ReconcileError) -> GitAuthentication {
        var authentication = GitAuthentication()
        var configuration: [(key: String, value: String)] = []
        do throws(ReconcileError) {
            if remote.password != nil || (remote.username != nil && access?.credential == nil) {
                authentication.environment = remote.environment(askpass: try askpass())
                authentication.secrets = [remote.password].compactMap { $0 }
                // A credential helper (`store`) would keep the password in clear after it worked.
                configuration.append(("credential.helper", ""))
            } else if let credential = access?.credential {
                authentication.secrets = credential.secrets
                // No redirect may carry a stored credential to another host (git follows the
                // first request's by default, then sends the header and answers prompts there).
                configuration.append(("credential.helper", ""))
                configuration.append(("http.followRedirects", "false"))
                switch credential {
                case .basic(let username, let password):
                    authentication.environment = [
                        "GIT_ASKPASS": try askpass(), "GIT_CREDENTIAL_USERNAME": username,
                        "GIT_CREDENTIAL_PASSWORD": password,
                    ]
                case .bearerToken(let token):
                    configuration.append(("http.extraHeader", "Authorization: Bearer \(token)"))
                case .sshKey(let privateKey, let hostKeys):
                    let keyFile = try authentication.privateFile(
                        "key", privateKey.hasSuffix("\n") ? privateKey : privateKey + "\n")
                    authentication.environment["GIT_SSH_COMMAND"] = try authentication.sshCommand(
                        keyFile: keyFile, hostKeys: hostKeys)
                }
            }
            // Variables rather than `http.ssl*` settings: git reads `GIT_SSL_CAINFO` over its
            // configuration, and a machine may set it for every program.
            if let access {
                if access.insecureSkipServerVerification { authentication.environment["GIT_SSL_NO_VERIFY"] = "true" }
                if let authority = access.certificateAuthority {
                    authentication.environment["GIT_SSL_CAINFO"] = try authentication.privateFile("ca.pem", authority)
                }
            }
        } catch {
            authentication.remove()
            throw error
        }
        if !configuration.isEmpty {
            authentication.environment["GIT_CONFIG_COUNT"] = String(configuration.count)
            for (index, entry) in configuration.enumerated() {
                authentication.environment["GIT_CONFIG_KEY_\(index)"] = entry.key
                authentication.environment["GIT_CONFIG_VALUE_\(index)"] = entry.value
            }
        }
        return authentication
    }

    /// `text` with every secret handed to git replaced by `***`.
    func redacted(_ text: String) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// Deletes the private folder and what it holds.
    func remove() {
        if let folder { PrivateFolder.remove(folder) }
    }

    /// `ssh` with only the key in `keyFile`, without prompts, checking host keys as `hostKeys` say.
    private mutating func sshCommand(keyFile: String, hostKeys: SSHHostKeyPolicy) throws(ReconcileError) -> String {
        var options = ["-i", Self.quoted(keyFile), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"]
        switch hostKeys {
        case .userKnownHosts:
            options += ["-o", "StrictHostKeyChecking=yes"]
        case .knownHosts(let lines):
            let file = try privateFile("known_hosts", lines.hasSuffix("\n") ? lines : lines + "\n")
            options += ["-o", "UserKnownHostsFile=" + Self.quoted(file), "-o", "StrictHostKeyChecking=yes"]
        case .ignore:
            options += ["-o", "UserKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "LogLevel=ERROR"]
        }
        return (["ssh"] + options).joined(separator: " ")
    }

    /// Writes `contents` to `name` in the private folder (made on first use), readable by this user only.
    private mutating func privateFile(_ name: String, _ contents: String) throws(ReconcileError) -> String {
        if self.folder == nil { self.folder = try PrivateFolder.make(prefix: "flotilla-git-", purpose: "git") }
        return try PrivateFolder.write(contents, named: name, in: self.folder ?? "", what: "a git credential file")
    }

    /// `text` as one shell word (`GIT_SSH_COMMAND` is read by a shell).
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
