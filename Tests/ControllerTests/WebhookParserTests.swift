import Controller
import Foundation
import Testing

@Suite("Webhooks: push events verified and read, per provider")
struct WebhookParserTests {
    static let secrets = WebhookSecrets(
        github: "gh-secret", gitlab: "gl-token", gitea: "gitea-secret",
        bitbucket: "{1c2bb4a0-d5b1-4c8a-8cdb-9df1a6b9e5b8}", bitbucketServer: "bbs-secret")
    let parser = WebhookParser(secrets: Self.secrets)

    /// One provider's signed push, and what it must read as.
    struct Case: Sendable, CustomTestStringConvertible {
        var provider: WebhookProvider
        var headers: [String: String]
        var body: String
        var urls: [String]
        var refs: [String]
        var revision: String?
        var testDescription: String { provider.description }
    }

    static func sign(_ body: String, _ secret: String) -> String {
        WebhookSignature.hmacHex(Array(body.utf8), secret: secret)
    }

    static let cases: [Case] = [
        Case(
            provider: .github,
            headers: [
                "X-GitHub-Event": "push",
                "X-Hub-Signature-256": "sha256=" + sign(WebhookFixtures.githubPush, "gh-secret"),
            ],
            body: WebhookFixtures.githubPush,
            urls: [
                "https://github.com/Codertocat/Hello-World", "https://github.com/Codertocat/Hello-World.git",
                "git@github.com:Codertocat/Hello-World.git",
            ],
            refs: ["refs/heads/main"], revision: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"),
        Case(
            provider: .gitlab, headers: ["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": "gl-token"],
            body: WebhookFixtures.gitlabPush,
            urls: [
                "http://example.com/mike/diaspora", "http://example.com/mike/diaspora.git",
                "git@example.com:mike/diaspora.git",
            ],
            refs: ["refs/heads/master"], revision: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"),
        Case(
            provider: .gitea,
            headers: [
                "X-Gitea-Event": "push", "X-GitHub-Event": "push",
                "X-Gitea-Signature": sign(WebhookFixtures.giteaPush, "gitea-secret"),
            ],
            body: WebhookFixtures.giteaPush,
            urls: [
                "http://localhost:3000/gitea/webhooks", "http://localhost:3000/gitea/webhooks.git",
                "ssh://gitea@localhost:2222/gitea/webhooks.git",
            ],
            refs: ["refs/heads/develop"], revision: "bffeb74224043ba2feb48d137756c8a9331c449a"),
        Case(
            provider: .gitea,
            headers: [
                "X-Forgejo-Event": "push", "X-Forgejo-Signature": sign(WebhookFixtures.giteaPush, "gitea-secret"),
            ],
            body: WebhookFixtures.giteaPush,
            urls: [
                "http://localhost:3000/gitea/webhooks", "http://localhost:3000/gitea/webhooks.git",
                "ssh://gitea@localhost:2222/gitea/webhooks.git",
            ],
            refs: ["refs/heads/develop"], revision: "bffeb74224043ba2feb48d137756c8a9331c449a"),
        Case(
            provider: .bitbucket,
            headers: ["X-Event-Key": "repo:push", "X-Hook-UUID": "1C2BB4A0-D5B1-4C8A-8CDB-9DF1A6B9E5B8"],
            body: WebhookFixtures.bitbucketPush,
            urls: [
                "https://bitbucket.org/team_name/repo_name", "https://bitbucket.org/team_name/repo_name.git",
                "git@bitbucket.org:team_name/repo_name.git",
            ],
            refs: ["refs/heads/master"], revision: "709d658dc5b6d6afcd46049c2f332ee3f515a67d"),
        Case(
            provider: .bitbucketServer,
            headers: [
                "X-Event-Key": "repo:refs_changed",
                "X-Hub-Signature": "sha256=" + sign(WebhookFixtures.bitbucketServerPush, "bbs-secret"),
            ],
            body: WebhookFixtures.bitbucketServerPush,
            urls: [
                "ssh://git@bitbucket.example.com:7999/proj/repository.git",
                "https://bitbucket.example.com/scm/proj/repository.git",
                "https://bitbucket.example.com/projects/PROJ/repos/repository/browse",
            ],
            refs: ["refs/heads/master"], revision: "178864a7d521b6f5e720b386b2c2b0ef8563e0dc"),
    ]

    @Test("a signed push reads as the repository URLs, refs and commit it names", arguments: cases)
    func push(_ test: Case) throws {
        let event = try parser.parse(headers: test.headers, body: Array(test.body.utf8))
        #expect(
            event
                == .push(
                    WebhookPush(
                        provider: test.provider, repositoryURLs: test.urls, refs: test.refs, revision: test.revision)))
    }

    @Test("GitHub's form content type: the payload field, signed as sent")
    func formEncoded() throws {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let form = "payload=" + (WebhookFixtures.githubPush.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        let headers = [
            "X-GitHub-Event": "push", "Content-Type": "application/x-www-form-urlencoded",
            "X-Hub-Signature-256": "sha256=" + Self.sign(form, "gh-secret"),
        ]
        guard case .push(let push) = try parser.parse(headers: headers, body: Array(form.utf8)) else {
            Issue.record("not a push")
            return
        }
        #expect(push.refs == ["refs/heads/main"])
        #expect(push.matches(repoURL: "https://github.com/codertocat/hello-world"))
        var empty = headers
        empty["X-Hub-Signature-256"] = "sha256=" + Self.sign("a=b", "gh-secret")
        #expect(Self.status(parser, empty, "a=b") == 400)
    }

    @Test("header names are case-insensitive")
    func headerCase() throws {
        let test = Self.cases[0]
        let lowered = Dictionary(uniqueKeysWithValues: test.headers.map { ($0.key.lowercased(), $0.value) })
        guard case .push = try parser.parse(headers: lowered, body: Array(test.body.utf8)) else {
            Issue.record("not a push")
            return
        }
    }

    @Test("a wrong signature or token is unauthorized (401)", arguments: cases)
    func forged(_ test: Case) {
        var headers = test.headers
        for key in ["X-Hub-Signature-256", "X-Hub-Signature"] where headers[key] != nil {
            headers[key] = "sha256=" + Self.sign(test.body, "wrong-secret")
        }
        for key in ["X-Gitea-Signature", "X-Forgejo-Signature"] where headers[key] != nil {
            headers[key] = Self.sign(test.body, "wrong-secret")
        }
        if headers["X-Gitlab-Token"] != nil { headers["X-Gitlab-Token"] = "gl-token-guess" }
        if headers["X-Hook-UUID"] != nil { headers["X-Hook-UUID"] = "{00000000-0000-0000-0000-000000000000}" }
        #expect(Self.status(parser, headers, test.body) == 401)
    }

    @Test("a missing signature or token is unauthorized (401)", arguments: cases)
    func unsigned(_ test: Case) {
        var headers = test.headers
        for key in [
            "X-Hub-Signature-256", "X-Hub-Signature", "X-Gitea-Signature", "X-Forgejo-Signature", "X-Gitlab-Token",
            "X-Hook-UUID",
        ] {
            headers[key] = nil
        }
        #expect(Self.status(parser, headers, test.body) == 401)
    }

    @Test(
        "a body changed after signing is unauthorized (401)",
        arguments: cases.filter {
            $0.headers.keys.contains { $0.hasSuffix("Signature") || $0.hasSuffix("Signature-256") }
        })
    func tampered(_ test: Case) {
        let body = test.body.replacingOccurrences(of: "refs/heads/", with: "refs/heads/x")
        #expect(Self.status(parser, test.headers, body) == 401)
    }

    /// The HTTP status of the error parsing gives, or 200.
    static func status(_ parser: WebhookParser, _ headers: [String: String], _ body: String) -> Int {
        do {
            _ = try parser.parse(headers: headers, body: Array(body.utf8))
            return 200
        } catch {
            return error.httpStatus
        }
    }

    @Test("a provider without a configured secret refuses every call, however it is signed", arguments: cases)
    func unconfigured(_ test: Case) {
        let parser = WebhookParser(secrets: WebhookSecrets())
        #expect(
            throws: WebhookError.unauthorized(
                test.provider, reason: "no secret is configured for \(test.provider) (--webhook-secret-file)")
        ) {
            try parser.parse(headers: test.headers, body: Array(test.body.utf8))
        }
    }

    @Test("a ping or another event is accepted and ignored")
    func ping() throws {
        let body = WebhookFixtures.githubPing
        let headers = [
            "X-GitHub-Event": "ping", "X-Hub-Signature-256": "sha256=" + Self.sign(body, "gh-secret"),
        ]
        #expect(try parser.parse(headers: headers, body: Array(body.utf8)) == .ignored(.github, event: "ping"))
        let issues = ["X-Gitlab-Event": "Issue Hook", "X-Gitlab-Token": "gl-token"]
        #expect(try parser.parse(headers: issues, body: Array("{}".utf8)) == .ignored(.gitlab, event: "Issue Hook"))
    }

    @Test("a ping with a bad signature is still unauthorized")
    func unsignedPing() {
        let headers = ["X-GitHub-Event": "ping", "X-Hub-Signature-256": "sha256=00"]
        #expect(throws: WebhookError.self) {
            try parser.parse(headers: headers, body: Array(WebhookFixtures.githubPing.utf8))
        }
    }

    @Test(
        "an authentic push of an unknown shape is a bad request (400)",
        arguments: [
            "not json", "[1, 2]", #"{"ref": "refs/heads/main"}"#, #"{"repository": {"html_url": "https://x/y"}}"#,
            #"{"ref": "refs/heads/main", "repository": {"id": 1}}"#,
        ])
    func malformed(_ body: String) {
        let headers = ["X-GitHub-Event": "push", "X-Hub-Signature-256": "sha256=" + Self.sign(body, "gh-secret")]
        do {
            _ = try parser.parse(headers: headers, body: Array(body.utf8))
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.httpStatus == 400)
            guard case .malformedPayload(.github, _) = error else {
                Issue.record("\(error)")
                return
            }
        }
    }

    @Test("no known event header is a bad request; a body over the limit is 413")
    func unknownAndTooLarge() {
        #expect(throws: WebhookError.unknownSender) {
            try parser.parse(headers: ["Content-Type": "application/json"], body: Array("{}".utf8))
        }
        let small = WebhookParser(secrets: Self.secrets, bodyLimit: 16)
        #expect(throws: WebhookError.payloadTooLarge(limit: 16)) {
            try small.parse(headers: ["X-GitHub-Event": "push"], body: [UInt8](repeating: 0x20, count: 17))
        }
        #expect(WebhookError.payloadTooLarge(limit: 16).httpStatus == 413)
    }

    @Test("no error message shows a secret")
    func messagesHideSecrets() {
        let test = Self.cases[1]
        var headers = test.headers
        headers["X-Gitlab-Token"] = "gl-tok"
        do {
            _ = try parser.parse(headers: headers, body: Array(test.body.utf8))
        } catch {
            #expect(!error.localizedDescription.contains("gl-tok"))
            #expect(error.localizedDescription.contains("X-Gitlab-Token"))
        }
    }

    @Test("a GitLab tag push and a Bitbucket branch deletion")
    func tagsAndDeletions() throws {
        let tag = WebhookFixtures.gitlabPush.replacingOccurrences(of: "refs/heads/master", with: "refs/tags/v1.2")
        let event = try parser.parse(
            headers: ["X-Gitlab-Event": "Tag Push Hook", "X-Gitlab-Token": "gl-token"], body: Array(tag.utf8))
        guard case .push(let push) = event else {
            Issue.record("\(event)")
            return
        }
        #expect(push.tags == ["v1.2"])
        #expect(push.touches(targetRevision: "v1.2"))
        #expect(!push.touches(targetRevision: "main"))

        let deleted = #"""
            {"push": {"changes": [{"new": null, "old": {"type": "branch", "name": "gone"}}]},
             "repository": {"full_name": "team/repo", "links": {"html": {"href": "https://bitbucket.org/team/repo"}}}}
            """#
        let deletion = try parser.parse(
            headers: ["X-Event-Key": "repo:push", "X-Hook-UUID": "{1c2bb4a0-d5b1-4c8a-8cdb-9df1a6b9e5b8}"],
            body: Array(deleted.utf8))
        #expect(
            deletion
                == .push(
                    WebhookPush(
                        provider: .bitbucket,
                        repositoryURLs: [
                            "https://bitbucket.org/team/repo", "https://bitbucket.org/team/repo.git",
                            "git@bitbucket.org:team/repo.git",
                        ], refs: [], revision: nil)))
    }
}
