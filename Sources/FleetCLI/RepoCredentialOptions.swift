import ArgumentParser
import Foundation
import Registry

/// The credential options `repo add` and `repo add-creds` share; secrets come from
/// standard input or a file, never from the command line (which `ps` shows).
struct RepoCredentialOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("HTTPS user name; the password is read from stdin (--password-stdin).", valueName: "user"))
    var username: String?

    @Flag(help: "Read the HTTPS password from standard input (with --username).")
    var passwordStdin = false

    @Flag(help: "Read an HTTPS bearer token from standard input.")
    var bearerTokenStdin = false

    @Option(help: ArgumentHelp("SSH private key to authenticate with.", valueName: "file"))
    var sshPrivateKeyFile: String?

    @Option(help: ArgumentHelp("known_hosts lines the SSH server's key must match.", valueName: "file"))
    var sshKnownHosts: String?

    @Flag(help: "Do not check the SSH server's host key.")
    var insecureIgnoreHostKey = false

    @Flag(help: "Do not check the HTTPS server's certificate.")
    var insecureSkipServerVerification = false

    @Option(help: ArgumentHelp("PEM CA bundle the HTTPS server's certificate must chain to.", valueName: "file"))
    var caFile: String?

    @Flag(help: "Replace an entry of the same URL.")
    var upsert = false

    /// The largest key, known_hosts or CA file read.
    static let maxFileBytes = 1 << 20

    /// Cross-option checks against the URL's transport: every error names the option.
    func check(for transport: RepoURLArgument.Transport) throws {
        let secrets = [passwordStdin, bearerTokenStdin, sshPrivateKeyFile != nil].filter { $0 }.count
        if secrets > 1 {
            throw ValidationError("give one of --password-stdin, --bearer-token-stdin and --ssh-private-key-file")
        }
        if username != nil, !passwordStdin { throw ValidationError("--username needs --password-stdin") }
        if passwordStdin, username?.isEmpty ?? true { throw ValidationError("--password-stdin needs --username") }
        if sshKnownHosts != nil, insecureIgnoreHostKey {
            throw ValidationError("give --ssh-known-hosts or --insecure-ignore-host-key, not both")
        }
        if sshPrivateKeyFile == nil, sshKnownHosts != nil || insecureIgnoreHostKey {
            let option = sshKnownHosts != nil ? "--ssh-known-hosts" : "--insecure-ignore-host-key"
            throw ValidationError("\(option) needs --ssh-private-key-file")
        }
        switch transport {
        case .oci:
            if sshPrivateKeyFile != nil || bearerTokenStdin {
                let option = bearerTokenStdin ? "--bearer-token-stdin" : "--ssh-private-key-file"
                throw ValidationError(
                    "\(option): an oci:// registry takes a user name and password (--username, --password-stdin)")
            }
            if !passwordStdin, insecureSkipServerVerification || caFile != nil {
                let option = caFile != nil ? "--ca-file" : "--insecure-skip-server-verification"
                throw ValidationError(
                    "\(option): for an oci:// registry it needs --username and --password-stdin (Helm's registry client takes it when it logs in)"
                )
            }
        case .https:
            if sshPrivateKeyFile != nil {
                throw ValidationError("--ssh-private-key-file: an https:// URL takes a password or a bearer token")
            }
        case .ssh:
            if passwordStdin || bearerTokenStdin {
                let option = passwordStdin ? "--password-stdin" : "--bearer-token-stdin"
                throw ValidationError("\(option): an ssh URL takes an SSH key (--ssh-private-key-file)")
            }
            if insecureSkipServerVerification || caFile != nil {
                let option = caFile != nil ? "--ca-file" : "--insecure-skip-server-verification"
                throw ValidationError("\(option) applies to https:// URLs only")
            }
        }
        if insecureSkipServerVerification, caFile != nil {
            throw ValidationError("give --ca-file or --insecure-skip-server-verification, not both")
        }
    }

    /// The registration of `url`, reading the secret from stdin or its file.
    func registration(of url: String, scope: RepositoryScope) throws -> RepositoryRegistration {
        let credential: RepositoryCredential
        if passwordStdin, let username {
            credential = .password(username: username, password: try Self.standardInput("--password-stdin"))
        } else if bearerTokenStdin {
            credential = .bearerToken(try Self.standardInput("--bearer-token-stdin"))
        } else if let sshPrivateKeyFile {
            let key = try Self.file(sshPrivateKeyFile, option: "--ssh-private-key-file")
            guard key.contains("PRIVATE KEY-----") else {
                throw ValidationError("--ssh-private-key-file \(sshPrivateKeyFile): not a PEM or OpenSSH private key")
            }
            credential = .sshKey(
                privateKey: key, knownHosts: try sshKnownHosts.map { try Self.file($0, option: "--ssh-known-hosts") },
                insecureIgnoreHostKey: insecureIgnoreHostKey)
        } else {
            credential = .none
        }
        let authority = try caFile.map { try Self.file($0, option: "--ca-file") }
        if let authority, let caFile, !authority.contains("-----BEGIN CERTIFICATE-----") {
            throw ValidationError("--ca-file \(caFile): not a PEM certificate bundle")
        }
        return RepositoryRegistration(
            url: url, scope: scope, credential: credential,
            insecureSkipServerVerification: insecureSkipServerVerification, certificateAuthority: authority)
    }

    /// Standard input, without its final line break; empty is an error naming `option`.
    private static func standardInput(_ option: String) throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        var text = String(decoding: data.prefix(maxFileBytes), as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw ValidationError("\(option): standard input is empty") }
        guard !text.contains("\n") else { throw ValidationError("\(option): standard input holds more than one line") }
        return text
    }

    /// The text of `path`; unreadable, empty or too large is an error naming `option` and the file.
    private static func file(_ path: String, option: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ValidationError("\(option) \(path): cannot be read")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxFileBytes + 1) ?? Data()
        } catch {
            throw ValidationError("\(option) \(path): cannot be read")
        }
        guard data.count <= maxFileBytes else {
            throw ValidationError("\(option) \(path): larger than \(maxFileBytes / 1024) KiB")
        }
        guard !data.isEmpty, let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("\(option) \(path): empty or not text")
        }
        return text
    }
}
