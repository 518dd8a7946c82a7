import Controller
import Testing

@Suite("Repository URLs compare by host and path, however they are spelled")
struct RepositoryURLTests {
    @Test(
        "spellings of one repository are equal",
        arguments: [
            "https://github.com/org/repo", "https://github.com/org/repo.git", "http://GitHub.com/Org/Repo/",
            "git@github.com:org/repo.git", "ssh://git@github.com/org/repo", "ssh://git@github.com:22/org/repo.git",
            "https://user:token@github.com/org/repo.git", "https://www.github.com/org/repo", "git@github.com:/org/repo",
            "  https://github.com/org/repo.git/  ",
        ])
    func equal(_ spelling: String) {
        #expect(RepositoryURL(spelling) == RepositoryURL("https://github.com/org/repo"))
        #expect(RepositoryURL(spelling)?.description == "github.com/org/repo")
    }

    @Test(
        "other repositories, hosts or paths differ",
        arguments: [
            "https://github.com/org/repo2", "https://gitlab.com/org/repo", "https://github.com/other/repo",
            "https://github.com/org/repo/sub", "git@github.com:org/repo-infra.git",
        ])
    func different(_ other: String) {
        #expect(RepositoryURL(other) != RepositoryURL("https://github.com/org/repo"))
    }

    @Test("a local path or an empty string is no repository URL", arguments: ["", "/srv/git/repo", "repo", "./fleet"])
    func notURLs(_ text: String) {
        #expect(RepositoryURL(text) == nil)
    }

    @Test("a push matches the Applications whose repoURL it names, and the revisions it moves")
    func pushMatching() {
        let push = WebhookPush(
            provider: .github,
            repositoryURLs: ["https://github.com/Org/GitOps", "git@github.com:Org/GitOps.git"],
            refs: ["refs/heads/main"], revision: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c")
        #expect(push.matches(repoURL: "https://github.com/org/gitops.git"))
        #expect(push.matches(repoURL: "ssh://git@github.com/org/gitops"))
        #expect(!push.matches(repoURL: "https://github.com/org/gitops-other"))
        #expect(!push.matches(repoURL: "/local/folder"))
        #expect(push.branches == ["main"])
        for revision in ["main", "HEAD", "", "refs/heads/main", "0d1a26e"] {
            #expect(push.touches(targetRevision: revision), "\(revision)")
        }
        for revision in ["staging", "v1.0", "1234567", "abc"] {
            #expect(!push.touches(targetRevision: revision), "\(revision)")
        }
        #expect(push.matches(repoURL: "git@github.com:org/gitops", targetRevision: "main"))
        #expect(!push.matches(repoURL: "git@github.com:org/gitops", targetRevision: "staging"))
    }
}
