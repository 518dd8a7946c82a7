import Testing

@testable import Reconcile

/// Chart versions resolved as Helm resolves `--version` (Masterminds/semver).
@Suite struct HelmVersionRangeTests {
    static let versions = ["0.9.0", "1.0.0", "1.2.0", "1.2.5", "1.2.10", "1.3.0-rc.1", "1.3.0", "1.10.1", "2.0.0"]
        .compactMap(HelmVersion.init)

    @Test(arguments: [
        ("1.2.*", "1.2.10"), ("1.2.x", "1.2.10"), ("1.2.5", "1.2.5"), ("v1.2.5", "1.2.5"), ("~1.2", "1.2.10"),
        ("~1.2.3", "1.2.10"), ("^1.2", "1.10.1"), ("^0.9", "0.9.0"), (">=1.0 <1.3", "1.2.10"),
        (">= 1.0, < 1.3", "1.2.10"), ("<1.0.0 || 1.3.*", "1.3.0"), ("*", "2.0.0"), ("", "2.0.0"), ("HEAD", "2.0.0"),
        (">1.2.5 <1.3", "1.2.10"), ("1.3.0-rc.1", "1.3.0-rc.1"), ("!=2.0.0", "1.10.1"), ("1", "1.10.1"),
    ])
    func theHighestMatchIsChosen(_ constraint: String, _ expected: String) {
        let range = HelmVersionRange(constraint == "HEAD" ? "*" : constraint)
        #expect(range?.best(of: Self.versions)?.description == expected, "\(constraint)")
    }

    @Test(arguments: ["3.*", ">2.0.0", "1.4.0"])
    func nothingMatches(_ constraint: String) {
        #expect(HelmVersionRange(constraint)?.best(of: Self.versions) == nil)
    }

    @Test(arguments: ["one.two", "1.2.3.4", ">=", "1..2"])
    func notAConstraint(_ constraint: String) {
        #expect(HelmVersionRange(constraint) == nil)
    }

    @Test func prereleasesComeBeforeTheirRelease() throws {
        let order = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0",
        ]
        let versions = order.compactMap(HelmVersion.init)
        #expect(versions.count == order.count)
        #expect(versions.sorted() == versions)
        #expect(HelmVersion("1.2.3+build.5") == HelmVersion("1.2.3"))
    }

    @Test func anUnknownVersionNamesTheVersionsThereAre() throws {
        let index = try HelmRepositoryIndex(
            text: "apiVersion: v1\nentries:\n  web:\n  - {version: 1.2.0, urls: [web-1.2.0.tgz]}\n"
                + "  - {version: 1.3.0, urls: [web-1.3.0.tgz]}\n",
            url: "https://charts.example.com")
        #expect(
            throws: ReconcileError(
                "chart \"web\" has no version matching \"2.*\" in https://charts.example.com (there are: 1.3.0, 1.2.0)")
        ) {
            try index.resolve("web", "2.*", url: "https://charts.example.com")
        }
        #expect(throws: ReconcileError("chart \"api\" is not in https://charts.example.com (it has: web)")) {
            try index.resolve("api", "*", url: "https://charts.example.com")
        }
        #expect(try index.resolve("web", "1.2.*", url: "https://charts.example.com").urls == ["web-1.2.0.tgz"])
    }
}
