import FleetModel
import FleetTesting
import Foundation
import Testing

@testable import Reconcile

/// A repository that does not exist is told apart from a missing path inside one (issue 20).
@Suite("Missing sources")
struct MissingSourceTests {
    @Test(
        "a file:// or local repository that does not exist says so",
        arguments: ["file:///nonexistent/repo", "/nonexistent/repo"])
    func missingRepository(_ repoURL: String) async throws {
        let cache = try TemporaryFolder()
        defer { cache.remove() }
        let renderer = SourceRenderer(cacheDirectory: cache.path)
        await #expect(throws: ReconcileError("repository \(repoURL) not found: /nonexistent/repo is not a folder")) {
            _ = try await renderer.render(ApplicationSource(repoURL: repoURL, targetRevision: "main", path: "app"))
        }
    }

    @Test("a missing path inside an existing repository names the path and the revision")
    func missingPath() async throws {
        let cache = try TemporaryFolder()
        let repo = try await GitRepository()
        defer { [cache, repo.folder].forEach { $0.remove() } }
        try repo.write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
        let commit = try await repo.commit("first")
        let renderer = SourceRenderer(cacheDirectory: cache.path)
        await #expect(
            throws: ReconcileError("path \"nope\" does not exist in \(repo.path) at \(commit.prefix(12))")
        ) {
            _ = try await renderer.render(ApplicationSource(repoURL: repo.path, targetRevision: "main", path: "nope"))
        }
    }
}
