import FleetTesting
import Foundation
import Testing

/// `flotilla repo` refusing bad input: exit 2, the option or argument named, nothing stored.
@Suite("Repo command usage")
struct RepoCommandTests {
    @Test(
        "bad usage exits 2 naming the field, and stores nothing",
        arguments: [
            (["add", "http://git.example.com/app.git"], "URL: only https://, ssh://, user@host:path and oci://"),
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
            (["add-creds", "ftp://git.example.com"], "URL-PREFIX: only https://, ssh://, user@host:path and oci://"),
            (
                ["add", "https://git.example.com/app.git", "--ca-file", "not-a-key"],
                "--ca-file not-a-key: not a PEM certificate bundle"
            ),
            (["add", "oci://deploy:hunter2@registry.example.com/charts"], "URL: a URL must not carry a credential"),
            (["add-creds", "oci://deploy@registry.example.com"], "URL-PREFIX: a URL must not carry a credential"),
            (["add", "oci:///charts"], "URL: \"oci:///charts\" names no host"),
            (["add", "oci://registry.example.com:99999/charts"], "has an invalid port (1-65535)"),
            (["add", "oci://registry.example.com:/charts"], "has an invalid port (1-65535)"),
            (["add", "oci://registry_example.com/charts"], "has no valid registry host"),
            (["add", "oci://--insecure/charts"], "has no valid registry host"),
            (["add", "oci://registry.example.com/team/../charts"], "a registry path takes no empty, . or .. segment"),
            (["add", "oci://registry.example.com//charts"], "a registry path takes no empty, . or .. segment"),
            (["add", "oci://registry.example.com/charts?tag=1"], "a registry path takes no query, fragment or escape"),
            (
                ["add", "oci://registry.example.com/%2e%2e/charts"],
                "a registry path takes no query, fragment or escape"
            ),
            (
                ["add", "oci://registry.example.com/charts", "--bearer-token-stdin"],
                "--bearer-token-stdin: an oci:// registry takes a user name and password (--username, --password-stdin)"
            ),
            (
                ["add", "oci://registry.example.com/charts", "--ssh-private-key-file", "not-a-key"],
                "--ssh-private-key-file: an oci:// registry takes a user name and password"
            ),
            (
                ["add", "oci://registry.example.com/charts", "--ca-file", "not-a-key"],
                "--ca-file: for an oci:// registry it needs --username and --password-stdin"
            ),
            (
                ["add-creds", "oci://registry.example.com", "--insecure-skip-server-verification"],
                "--insecure-skip-server-verification: for an oci:// registry it needs --username and --password-stdin"
            ),
            (["add", "oci://registry.example.com/charts", "--password-stdin"], "--password-stdin needs --username"),
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

    @Test("oci:// registries and prefixes are stored like other repositories, with a CA bundle, and listed")
    func ociRegistries() async throws {
        let session = try FlotillaSession()
        defer { session.remove() }
        try session.folder.write("ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
        func add(_ arguments: [String]) async throws -> FlotillaProcess.Result {
            try await CommandLineTool.run(
                "sh", ["-c", #"printf 'registry-password\n' | "$FLOTILLA" repo "$@""#, "sh"] + arguments,
                environment: session.environment.merging(["FLOTILLA": FlotillaProcess.binaryPath]) { $1 },
                in: session.folder.path)
        }
        let registry = "oci://registry.example.com:5000/charts"
        let added = try await add(["add", registry, "--username", "charts", "--password-stdin", "--ca-file", "ca.pem"])
        #expect(added.status == 0, "\(added.standardError)")
        #expect(added.standardOutput == "repository \(registry) added (password)\n")
        let template = try await add([
            "add-creds", "oci://registry.example.com", "--username", "ci", "--password-stdin",
            "--insecure-skip-server-verification",
        ])
        #expect(template.status == 0, "\(template.standardError)")
        #expect(template.standardOutput == "credential template oci://registry.example.com added (password)\n")
        let again = try await add([
            "add", "OCI://registry.example.com:5000/charts/", "--username", "x", "--password-stdin",
        ])
        #expect(again.status == 2, "the same registry however it is spelt: \(again.standardError)")
        let list = try await session.run(["repo", "list"])
        #expect(list.standardOutput.contains(registry), "\(list.standardOutput)")
        #expect(!list.standardOutput.contains("registry-password"))
    }
}
