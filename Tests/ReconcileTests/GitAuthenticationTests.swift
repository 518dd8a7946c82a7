import FleetTesting
import Foundation
import Synchronization
import Testing

@testable import Reconcile

/// How a stored credential reaches git: through the environment and a private folder that is
/// removed afterwards, never through git's arguments.
@Suite("Git authentication")
struct GitAuthenticationTests {
    static let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"

    private func prepare(_ url: String, _ access: RepositoryAccess?) throws -> GitAuthentication {
        try GitAuthentication.prepare(for: try GitRemote(url), access: access) { "/cache/askpass.sh" }
    }

    /// The `GIT_CONFIG_KEY_n` → `GIT_CONFIG_VALUE_n` pairs of `environment`.
    private func configuration(_ environment: [String: String]) -> [String: String] {
        let count = Int(environment["GIT_CONFIG_COUNT"] ?? "0") ?? 0
        return Dictionary(
            uniqueKeysWithValues: (0..<count).map {
                (environment["GIT_CONFIG_KEY_\($0)"] ?? "", environment["GIT_CONFIG_VALUE_\($0)"] ?? "")
            })
    }

    @Test("a password goes to the askpass helper by environment; credential helpers are switched off")
    func password() throws {
        let authentication = try prepare(
            "https://git.example.com/team/app.git",
            RepositoryAccess(credential: .basic(username: "deploy", password: "s3cret-pass")))
        defer { authentication.remove() }
        #expect(authentication.environment["GIT_ASKPASS"] == "/cache/askpass.sh")
        #expect(authentication.environment["GIT_CREDENTIAL_USERNAME"] == "deploy")
        #expect(authentication.environment["GIT_CREDENTIAL_PASSWORD"] == "s3cret-pass")
        #expect(
            configuration(authentication.environment) == ["credential.helper": "", "http.followRedirects": "false"])
        #expect(authentication.folder == nil, "nothing written to disk")
        #expect(
            authentication.redacted("fatal: could not read s3cret-pass from x") == "fatal: could not read *** from x")
    }

    @Test("a bearer token becomes http.extraHeader through GIT_CONFIG_*, not an argument")
    func bearer() throws {
        let authentication = try prepare(
            "https://git.example.com/app", RepositoryAccess(credential: .bearerToken("tok-123")))
        #expect(
            configuration(authentication.environment) == [
                "credential.helper": "", "http.extraHeader": "Authorization: Bearer tok-123",
                "http.followRedirects": "false",
            ])
        #expect(authentication.environment["GIT_ASKPASS"] == nil)
        #expect(authentication.folder == nil)
    }

    @Test("TLS: skipping verification and a CA bundle are git's variables; the bundle is a private file")
    func serverChecks() throws {
        let insecure = try prepare(
            "https://git.example.com/app", RepositoryAccess(credential: nil, insecureSkipServerVerification: true))
        #expect(insecure.environment == ["GIT_SSL_NO_VERIFY": "true"])
        let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
        let withAuthority = try prepare(
            "https://git.example.com/app", RepositoryAccess(credential: nil, certificateAuthority: pem))
        let folder = try #require(withAuthority.folder)
        let caFile = try #require(withAuthority.environment["GIT_SSL_CAINFO"])
        #expect(caFile == folder + "/ca.pem")
        #expect(try String(contentsOfFile: caFile, encoding: .utf8) == pem)
        withAuthority.remove()
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test(
        "an SSH key: a 0600 file in a 0700 folder, ssh told to use it alone, strictly, without prompts; removed after")
    func sshKey() throws {
        let authentication = try prepare(
            "ssh://git@127.0.0.1:2222/repo.git",
            RepositoryAccess(
                credential: .sshKey(privateKey: Self.key, hostKeys: .knownHosts("[127.0.0.1]:2222 ssh-ed25519 AAAA"))))
        let folder = try #require(authentication.folder)
        let command = try #require(authentication.environment["GIT_SSH_COMMAND"])
        #expect(
            command
                == "ssh -i '\(folder)/key' -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile='\(folder)/known_hosts' -o StrictHostKeyChecking=yes"
        )
        #expect(!command.contains("OPENSSH"), "the key itself is never in the command")
        #expect(try String(contentsOfFile: folder + "/key", encoding: .utf8) == Self.key + "\n")
        #expect(
            try String(contentsOfFile: folder + "/known_hosts", encoding: .utf8)
                == "[127.0.0.1]:2222 ssh-ed25519 AAAA\n")
        let permissions = { (path: String) in
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        }
        #expect(try permissions(folder) == 0o700)
        #expect(try permissions(folder + "/key") == 0o600)
        authentication.remove()
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test("host keys: the user's known_hosts strictly, or no check with --insecure-ignore-host-key")
    func hostKeyPolicies() throws {
        let user = try prepare(
            "git@git.example.com:team/app.git",
            RepositoryAccess(credential: .sshKey(privateKey: Self.key, hostKeys: .userKnownHosts)))
        defer { user.remove() }
        let userCommand = try #require(user.environment["GIT_SSH_COMMAND"])
        #expect(userCommand.hasSuffix("-o BatchMode=yes -o StrictHostKeyChecking=yes"))
        #expect(!userCommand.contains("UserKnownHostsFile"))
        let ignoring = try prepare(
            "git@git.example.com:team/app.git",
            RepositoryAccess(credential: .sshKey(privateKey: Self.key, hostKeys: .ignore)))
        defer { ignoring.remove() }
        #expect(
            ignoring.environment["GIT_SSH_COMMAND"]?.hasSuffix(
                "-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o LogLevel=ERROR") == true)
    }

    @Test("a password in the URL itself wins over the stored one; no credential, no environment")
    func precedence() throws {
        let inline = try prepare(
            "https://ci:inline-token@git.example.com/app",
            RepositoryAccess(credential: .basic(username: "deploy", password: "stored")))
        #expect(inline.environment["GIT_CREDENTIAL_USERNAME"] == "ci")
        #expect(inline.environment["GIT_CREDENTIAL_PASSWORD"] == "inline-token")
        #expect(inline.redacted("inline-token stored") == "*** stored")
        let userOnly = try prepare(
            "https://ci@git.example.com/app",
            RepositoryAccess(credential: .basic(username: "deploy", password: "stored")))
        #expect(
            userOnly.environment["GIT_CREDENTIAL_PASSWORD"] == "stored", "a user name alone keeps the stored password")
        #expect(try prepare("https://git.example.com/app", nil).environment.isEmpty)
    }

    @Test("a path with a quote stays one shell word")
    func quoting() {
        #expect(GitAuthentication.quoted("/tmp/a'b") == #"'/tmp/a'\''b'"#)
    }

    @Test("the renderer asks the lookup with the URL git is given, and reports a failing lookup naming it")
    func lookupFailure() async throws {
        let cache = try TemporaryFolder()
        defer { cache.remove() }
        struct Unreadable: Error, CustomStringConvertible {
            var description: String { "the registry is locked" }
        }
        let asked = AskedURLs()
        let renderer = SourceRenderer(
            cacheDirectory: cache.path,
            credentials: RepositoryCredentials { url in
                asked.append(url)
                throw Unreadable()
            })
        await #expect {
            _ = try await renderer.treeEntries(
                repoURL: "https://deploy:pw@127.0.0.1:1/team/app.git", revision: "main", baseDirectory: nil,
                offline: false)
        } throws: { error in
            "\(error)" == "cannot read the credentials of https://127.0.0.1:1/team/app.git: the registry is locked"
        }
        #expect(asked.urls == ["https://127.0.0.1:1/team/app.git"])
    }
}

/// URLs a test lookup was asked for.
final class AskedURLs: Sendable {
    private let storage = Mutex<[String]>([])
    var urls: [String] { storage.withLock { $0 } }
    func append(_ url: String) { storage.withLock { $0.append(url) } }
}
