import FleetTesting
import Foundation
import Testing

@testable import Reconcile

/// Listing and reading repository trees from the source mirrors, for git generators.
@Suite("Repository trees from mirrors")
struct RepositoryTreeTests {
    @Test("entries name folders, files with sizes, and links without following them; blobs read back")
    func entries() async throws {
        let cache = try TemporaryFolder()
        let repo = try await GitRepository()
        defer { [cache, repo.folder].forEach { $0.remove() } }
        try repo.write("apps/web/config.json", #"{"a": 1}"#)
        try repo.write("odd/new\nline.txt", "x")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/apps/escape", withDestinationPath: "/etc")
        try await repo.commit("tree")
        let renderer = SourceRenderer(cacheDirectory: cache.path)
        let entries = try await renderer.treeEntries(
            repoURL: repo.path, revision: "main", baseDirectory: nil, offline: false)
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0) })
        #expect(byPath["apps"]?.kind == .tree)
        #expect(byPath["apps/web"]?.kind == .tree)
        #expect(byPath["apps/escape"]?.kind == .link)
        #expect(byPath["odd/new\nline.txt"]?.kind == .blob)
        let config = try #require(byPath["apps/web/config.json"])
        #expect(config.kind == .blob && config.size == 8)
        let text = try await renderer.blobText(config.object, repoURL: repo.path, baseDirectory: nil, maxBytes: 100)
        #expect(text == #"{"a": 1}"#)
        await #expect(throws: ReconcileError.self) {
            _ = try await renderer.blobText("--output=/tmp/x", repoURL: repo.path, baseDirectory: nil, maxBytes: 100)
        }
    }

    @Test("offline reads an existing mirror without fetching, and refuses when there is none")
    func offline() async throws {
        let cache = try TemporaryFolder()
        let repo = try await GitRepository()
        defer { [cache, repo.folder].forEach { $0.remove() } }
        try repo.write("a/x.yaml", "x: 1\n")
        try await repo.commit("first")
        await #expect {
            _ = try await SourceRenderer(cacheDirectory: cache.path).treeEntries(
                repoURL: repo.path, revision: "main", baseDirectory: nil, offline: true)
        } throws: { error in
            "\(error)".contains("no mirror of \(repo.path)") && "\(error)".contains("without --offline")
        }
        _ = try await SourceRenderer(cacheDirectory: cache.path).treeEntries(
            repoURL: repo.path, revision: "main", baseDirectory: nil, offline: false)
        try repo.write("b/y.yaml", "y: 1\n")
        try await repo.commit("second")
        let offline = try await SourceRenderer(cacheDirectory: cache.path).treeEntries(
            repoURL: repo.path, revision: "main", baseDirectory: nil, offline: true)
        #expect(!offline.contains { $0.path == "b" })
        let fetched = try await SourceRenderer(cacheDirectory: cache.path).treeEntries(
            repoURL: repo.path, revision: "main", baseDirectory: nil, offline: false)
        #expect(fetched.contains { $0.path == "b" })
    }

    @Test("a tree with more entries than the render limits is refused")
    func limits() async throws {
        let cache = try TemporaryFolder()
        let repo = try await GitRepository()
        defer { [cache, repo.folder].forEach { $0.remove() } }
        for index in 0..<5 { try repo.write("f\(index).yaml", "x: 1\n") }
        try await repo.commit("five")
        let renderer = SourceRenderer(cacheDirectory: cache.path, limits: RenderLimits(maxEntries: 3))
        await #expect {
            _ = try await renderer.treeEntries(repoURL: repo.path, revision: "main", baseDirectory: nil, offline: false)
        } throws: { error in
            "\(error)".contains("more than 3 files and folders")
        }
    }
}
