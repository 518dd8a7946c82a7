import FleetTesting
import Foundation
import Testing

/// `flotilla repo` refusing bad input: exit 2, the option or argument named, nothing stored.
@Suite("Repo command usage")
struct RepoCommandTests {
    @Test(
        "bad usage exits 2 naming the field, and stores nothing",
        arguments: [
            (["add", "http://git.example.com/app.git"], "URL: only https://, ssh:// and user@host:path"),
            (["add", "/srv/git/app.git"], "URL: \"/srv/git/app.git\" is not a remote repository URL"),
            (["add", "https://deploy:hunter2@git.example.com/app.git"], "URL: a URL must not carry a credential"),
            (["add", "git@git.example.com"], "URL: \"git@git.example.com\" is not a repository URL"),
            (["add", "https://git.example.com/app.git", "--username", "deploy"], "--username needs --password-stdin"),
            (["add", "https://git.example.com/app.git", "--password-stdin"], "--password-stdin needs --username"),
            (
                ["add", "https://git.example.com/app.git", "--ssh-private-key-file", "key"],
                "--ssh-private-key-file: an https:// URL takes a password or a bearer token"
            ),
            (["add", "git@git.example.com:app.git", "--bearer-token-stdin"], "--bearer-token-stdin: an ssh URL takes"),
            (
                [
                    "add", "git@git.example.com:app.git", "--ssh-private-key-file", "k", "--insecure-ignore-host-key",
                    "--ssh-known-hosts", "h",
                ],
                "give --ssh-known-hosts or --insecure-ignore-host-key, not both"
            ),
            (
                ["add", "git@git.example.com:app.git", "--insecure-ignore-host-key"],
                "--insecure-ignore-host-key needs --ssh-private-key-file"
            ),
            (
                ["add", "git@git.example.com:app.git", "--ssh-private-key-file", "missing-key"],
                "--ssh-private-key-file missing-key: cannot be read"
            ),
            (
                ["add", "git@git.example.com:app.git", "--ssh-private-key-file", "not-a-key"],
                "--ssh-private-key-file not-a-key: not a PEM or OpenSSH private key"
            ),
            (
                ["add", "https://git.example.com/app.git", "--bearer-token-stdin"],
                "--bearer-token-stdin: standard input is empty"
            ),
            (["add-creds", "ftp://git.example.com"], "URL-PREFIX: only https://, ssh:// and user@host:path"),
            (
                ["add", "https://git.example.com/app.git", "--ca-file", "not-a-key"],
                "--ca-file not-a-key: not a PEM certificate bundle"
            ),
        ] as [([String], String)])
    func badUsage(arguments: [String], message: String) async throws {
        let session = try FlotillaSession()
        defer { session.remove() }
        try session.folder.write("not-a-key", "hello\n")
        let result = try await session.run(["repo"] + arguments)
        #expect(result.status == 2, "\(result.standardError)")
        #expect(
            result.standardError.hasPrefix("error: ") && result.standardError.contains(message),
            "\(result.standardError)")
        #expect(!result.standardError.contains("hunter2"), "a refused URL's password is not repeated")
        let list = try await session.run(["repo", "list", "-o", "json"])
        #expect(list.standardOutput == "[]\n" || list.standardOutput.isEmpty, "\(list.standardOutput)")
    }

    @Test("add twice without --upsert exits 2; remove of an unknown entry exits 1 listing what is stored")
    func conflicts() async throws {
        let session = try FlotillaSession()
        defer { session.remove() }
        let url = "https://git.example.com/app.git"
        #expect(try await session.run(["repo", "add", url, "--insecure-skip-server-verification"]).status == 0)
        let again = try await session.run([
            "repo", "add", "https://GIT.example.com/app", "--insecure-skip-server-verification",
        ])
        #expect(again.status == 2)
        #expect(again.standardError == "error: repository \(url) is already stored; use --upsert to replace it\n")
        let unknown = try await session.run(["repo", "remove", "https://git.example.com/other.git"])
        #expect(unknown.status == 1)
        #expect(
            unknown.standardError
                == "error: repository https://git.example.com/other.git is not stored (stored: \(url))\n")
        let template = try await session.run(["repo", "remove-creds", url])
        #expect(template.status == 1)
        #expect(template.standardError == "error: credential template \(url) is not stored\n")
        let removed = try await session.run(["repo", "remove", url])
        #expect(removed.standardOutput == "repository \(url) removed\n")
        let empty = try await session.run(["repo", "list"])
        #expect(empty.status == 0 && empty.standardOutput.isEmpty)
        #expect(empty.standardError == "No repositories stored (flotilla repo add).\n")
    }
}
