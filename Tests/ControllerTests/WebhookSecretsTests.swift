import Controller
import FleetTesting
import Foundation
import Testing

@Suite("--webhook-secret-file")
struct WebhookSecretsTests {
    @Test("every provider's key; a missing key leaves the provider refused")
    func keys() throws {
        let secrets = try WebhookSecrets.parse(
            """
            # secrets for flotilla serve
            github: "gh s3cret"
            gitlab: gl-token
            gitea: 'gt'
            bitbucket: "{1c2bb4a0-d5b1-4c8a-8cdb-9df1a6b9e5b8}"
            """, file: "secrets.yaml")
        #expect(secrets.secret(for: .github) == "gh s3cret")
        #expect(secrets.secret(for: .gitlab) == "gl-token")
        #expect(secrets.secret(for: .gitea) == "gt")
        #expect(secrets.secret(for: .bitbucket) == "{1c2bb4a0-d5b1-4c8a-8cdb-9df1a6b9e5b8}")
        #expect(secrets.secret(for: .bitbucketServer) == nil)
        #expect(secrets.configuredProviders == [.github, .gitlab, .gitea, .bitbucket])
        #expect(try WebhookSecrets.parse("", file: "empty.yaml") == WebhookSecrets())
    }

    @Test("descriptions name the providers, never the secrets")
    func redacted() throws {
        let secrets = WebhookSecrets(github: "gh-s3cret", bitbucketServer: "bbs-s3cret")
        for text in [
            "\(secrets)", String(describing: secrets), String(reflecting: secrets),
            "\(Mirror(reflecting: secrets).children.map(\.value))",
        ] {
            #expect(!text.contains("s3cret"), "\(text)")
        }
        #expect("\(secrets)" == "WebhookSecrets(github, bitbucketserver)")
    }

    @Test(
        "errors name the file, the line and the key, never the value",
        arguments: [
            ("github: \"a\"\ngithub_token: \"s3cret\"\n", "secrets.yaml:2:15: unknown key \"github_token\""),
            ("gitlab: 123456\n", "secrets.yaml:1:9: gitlab: the secret must be a string (quote it), found a"),
            ("gitea: \"  \"\n", "secrets.yaml:1:8: gitea: the secret is empty"),
            ("- github\n", "secrets.yaml:1:1: expected a map of provider: secret"),
            ("github: [s3cret\n", "secrets.yaml:"),
        ])
    func errors(_ text: String, _ expected: String) {
        do {
            _ = try WebhookSecrets.parse(text, file: "secrets.yaml")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.localizedDescription.hasPrefix(expected), "\(error.localizedDescription)")
            #expect(!error.localizedDescription.contains("s3cret"))
            #expect(!error.localizedDescription.contains("123456"))
        }
    }

    @Test("a file is read; a missing one is an error naming it")
    func files() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("webhooks.yaml", "gitlab: \"t\"\n")
        #expect(try WebhookSecrets.load(file: path).secret(for: .gitlab) == "t")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        #expect(
            WebhookSecrets.permissionWarning(file: path)
                == "\(path): the webhook secret file may be read by others (mode 640); chmod 600 it")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(WebhookSecrets.permissionWarning(file: path) == nil)
        #expect(throws: WebhookSecretsError.self) { try WebhookSecrets.load(file: folder.path + "/none.yaml") }
        do {
            _ = try WebhookSecrets.load(file: folder.path + "/none.yaml")
        } catch {
            #expect(error.localizedDescription.hasPrefix(folder.path + "/none.yaml: cannot read"))
        }
    }
}
