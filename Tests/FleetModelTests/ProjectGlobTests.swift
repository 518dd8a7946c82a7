import FleetModel
import Testing

@Suite("Project globs (gobwas/glob as Argo CD uses it)")
struct ProjectGlobTests {
    @Test(
        "with '/' as separator, as for sourceRepos",
        arguments: [
            ("https://github.com/org/*", "https://github.com/org/repo", true),
            ("https://github.com/org/*", "https://github.com/org/team/repo", false),
            ("https://github.com/org/**", "https://github.com/org/team/repo", true),
            ("https://github.com/*/repo", "https://github.com/org/repo", true),
            ("https://github.com/org/rep?", "https://github.com/org/repo", true),
            ("https://github.com/org/rep?", "https://github.com/org/rep/", false),
            ("https://github.com/org/{a,b}", "https://github.com/org/b", true),
            ("https://github.com/org/{a,b}", "https://github.com/org/c", false),
            ("https://github.com/org/{a*,b}x", "https://github.com/org/aaax", true),
            ("https://github.com/org/[a-c]pp", "https://github.com/org/bpp", true),
            ("https://github.com/org/[!a-c]pp", "https://github.com/org/bpp", false),
            ("https://github.com/org/[!a-c]pp", "https://github.com/org/zpp", true),
            ("https://github.com/org/\\*", "https://github.com/org/*", true),
            ("https://github.com/org/\\*", "https://github.com/org/x", false),
            ("", "", true),
            ("", "x", false),
        ])
    func withSeparator(pattern: String, text: String, matches: Bool) throws {
        let glob = try #require(ProjectGlob(pattern, separators: ["/"]))
        #expect(glob.matches(text) == matches)
    }

    @Test(
        "without separators, as for destinations, '*' crosses '/'",
        arguments: [
            ("https://*.example.com", "https://prod.example.com", true),
            ("https://*", "https://a/b/c", true),
            ("team-*", "team-a", true),
            ("team-*", "platform", false),
            ("*", "", true),
        ])
    func withoutSeparator(pattern: String, text: String, matches: Bool) throws {
        let glob = try #require(ProjectGlob(pattern))
        #expect(glob.matches(text) == matches)
    }

    @Test("malformed patterns do not compile", arguments: ["[abc", "{a,b", "trailing\\", "[z-a]"])
    func malformed(pattern: String) {
        #expect(ProjectGlob(pattern) == nil)
    }

    @Test("a pattern longer than the limit is refused")
    func tooLong() {
        #expect(ProjectGlob(String(repeating: "a", count: ProjectGlob.maximumLength + 1)) == nil)
        #expect(ProjectGlob(String(repeating: "a", count: ProjectGlob.maximumLength)) != nil)
    }

    @Test("a hostile pattern costs no exponential search")
    func noBacktracking() throws {
        let pattern = String(repeating: "*a", count: 200) + "b"
        let glob = try #require(ProjectGlob(pattern))
        #expect(!glob.matches(String(repeating: "a", count: 500)))
        #expect(glob.matches(String(repeating: "a", count: 500) + "b"))
    }
}
