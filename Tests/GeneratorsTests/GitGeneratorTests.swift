import EngineTesting
import FleetModel
import FleetTesting
import Foundation
import Generators
import Synchronization
import Testing

/// A repository tree in memory, counting how often it is listed and read.
final class FakeTreeReader: RepositoryTreeReader {
    let entries: [RepositoryEntry]
    let texts: [String: String]
    let listings = Atomic<Int>(0)
    let reads = Atomic<Int>(0)

    /// A tree of `files` (path → text) and `links`; folders are derived from the paths.
    init(files: [String: String], links: [String] = []) {
        entries =
            (MemoryTrees.entries(files: files)
            + links.map { RepositoryEntry(path: $0, kind: .link, size: 0, object: "link") }).sorted {
                $0.path < $1.path
            }
        texts = files
    }

    func entries(of key: RepositoryKey) async throws -> [RepositoryEntry] {
        listings.add(1, ordering: .relaxed)
        return entries
    }

    func contents(of entry: RepositoryEntry, in key: RepositoryKey) async throws -> String {
        reads.add(1, ordering: .relaxed)
        return texts[entry.object] ?? ""
    }
}

@Suite("Git generators")
struct GitGeneratorTests {
    static let clusters = """
        - {name: prod, server: https://prod.example.com}
        - {name: dev, server: https://dev.example.com}
        """

    static let repository = FakeTreeReader(
        files: [
            "apps/web/deploy.yaml": "", "apps/api/deploy.yaml": "", "apps/legacy/deploy.yaml": "",
            "apps/.hidden/deploy.yaml": "", "apps/web/base/x.yaml": "", "README.md": "",
            "clusters/eu/config.json": #"{"region": "eu-west-1", "size": {"nodes": 3}, "zones": ["a", "b"]}"#,
            "clusters/us/config.json": #"{"region": "us-east-1", "size": {"nodes": 5}, "zones": []}"#,
            "clusters/us/other.json": #"{"region": "nowhere"}"#,
            "teams/list.yaml": "- {team: blue}\n- {team: red}\n",
        ], links: ["apps/escape"])

    /// The Applications of an ApplicationSet with `generators` (YAML, indented for `spec.generators`).
    static func expand(
        _ generators: String, name: String = "<<path.basename>>", sourcePath: String = "<<path>>",
        reader: FakeTreeReader = repository,
        limits: RepositorySnapshots.Limits = .init()
    ) async throws -> [GeneratedApplication] {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write(
            "fleet.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: gitgen}
            spec:
              generators:
            \(generators)
              template:
                metadata: {name: '\(name)'}
                spec:
                  project: default
                  source: {repoURL: https://git.example.com/apps.git, targetRevision: HEAD, path: '\(sourcePath)'}
                  destination: {server: https://kubernetes.default.svc, namespace: default}
            """)
        let fleet = try FleetLoader.load(paths: [file])
        let clusters = try Cluster.list(from: YAMLLoader.load(clusters, file: "clusters.yaml"))
        let repositories = try await RepositorySnapshots.load(for: fleet, reader: reader, limits: limits)
        return try FleetExpander(expander: ApplicationSetExpander(clusters: clusters, repositories: repositories))
            .applications(of: fleet)
    }

    @Test("a repository the template's project does not permit as a source is not even read")
    func projectBoundsTheRepository() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write(
            "fleet.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: team}
            spec:
              sourceRepos: ['https://git.example.com/team/**']
              destinations: [{server: '*', namespace: '*'}]
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: snoop}
            spec:
              generators:
                - git: {repoURL: 'https://git.example.com/other-team/secrets.git', files: [{path: '*.json'}]}
              template:
                metadata: {name: 'snoop-<<path.basename>>'}
                spec:
                  project: team
                  source: {repoURL: 'https://git.example.com/team/apps.git', path: '.'}
                  destination: {server: https://kubernetes.default.svc, namespace: default}
            """)
        let fleet = try FleetLoader.load(paths: [file])
        let reader = FakeTreeReader(files: ["token.json": #"{"secret": "s"}"#])
        do {
            _ = try await RepositorySnapshots.load(for: fleet, reader: reader)
            Issue.record("another team's repository was read")
        } catch {
            #expect(
                "\(error)".contains(
                    "fleet.yaml:13:7: spec.generators[0]: the git generator's repository: project \"team\" does not permit"
                ),
                "\(error)")
        }
        #expect(reader.listings.load(ordering: .relaxed) == 0)
    }

    @Test("directories: one Application per matching folder; excluded, hidden, nested folders and links are not")
    func directories() async throws {
        let applications = try await Self.expand(
            """
                - git:
                    repoURL: https://git.example.com/apps.git
                    directories: [{path: 'apps/*'}, {path: apps/legacy, exclude: true}]
            """)
        #expect(applications.map(\.application.name) == ["api", "web"])
        #expect(applications.map { $0.application.sources.first?.path } == ["apps/api", "apps/web"])
    }

    @Test("files: one Application per matching file, its fields flattened into params")
    func files() async throws {
        let applications = try await Self.expand(
            """
                - git:
                    repoURL: https://git.example.com/apps.git
                    files: [{path: 'clusters/*/config.json'}]
                    values: {label: '<<region>>-<<size.nodes>>'}
            """, name: "<<path.basename>>-<<region>>-<<size.nodes>>-<<zones.1>>-<<values.label>>",
            reader: FakeTreeReader(files: ["clusters/eu/config.json": Self.repository.texts["clusters/eu/config.json"]!]
            )
        )
        #expect(applications.map(\.application.name) == ["eu-eu-west-1-3-b-eu-west-1-3"])
    }

    @Test("a YAML file holding a list yields one param set per element")
    func yamlList() async throws {
        let applications = try await Self.expand(
            """
                - git:
                    repoURL: https://git.example.com/apps.git
                    files: [{path: 'teams/*.yaml'}]
                    pathParamPrefix: repo
            """, name: "<<team>>-<<repo.path.filenameNormalized>>", sourcePath: "<<repo.path>>")
        #expect(applications.map(\.application.name) == ["blue-list.yaml", "red-list.yaml"])
    }

    @Test("inside a matrix with a clusters generator: folders × clusters, the repository listed once")
    func matrix() async throws {
        let reader = FakeTreeReader(files: ["apps/web/a.yaml": "", "apps/api/a.yaml": ""])
        let applications = try await Self.expand(
            """
                - matrix:
                    generators:
                      - clusters: {}
                      - git:
                          repoURL: https://git.example.com/apps.git
                          directories: [{path: 'apps/*'}]
                - matrix:
                    generators:
                      - list: {elements: [{name: extra}]}
                      - git:
                          repoURL: https://git.example.com/apps.git
                          directories: [{path: apps/web}]
            """, name: "<<path.basename>>-<<name>>", reader: reader)
        #expect(
            Set(applications.map(\.application.name)) == [
                "api-prod", "web-prod", "api-dev", "web-dev", "web-extra",
            ])
        #expect(applications.count == 5)
        #expect(reader.listings.load(ordering: .relaxed) == 1)
    }

    @Test("a file larger than the limit, or too many matched files, is refused with the generator's location")
    func limits() async throws {
        let big = FakeTreeReader(files: ["c/a/config.json": String(repeating: " ", count: 2048) + "{}"])
        let generator = """
                - git:
                    repoURL: https://git.example.com/apps.git
                    files: [{path: 'c/*/config.json'}]
            """
        await #expect {
            try await Self.expand(generator, reader: big, limits: .init(maxFileBytes: 1024))
        } throws: { error in
            "\(error)".contains("fleet.yaml:6") && "\(error)".contains("c/a/config.json is 2050 bytes")
        }
        let many = FakeTreeReader(files: ["c/a/config.json": "{}", "c/b/config.json": "{}"])
        await #expect {
            try await Self.expand(generator, reader: many, limits: .init(maxFiles: 1))
        } throws: { error in
            "\(error)".contains("match 2 files; at most 1")
        }
        #expect(many.reads.load(ordering: .relaxed) == 0)
    }

    @Test("a config file that is not a map or list of maps names the repository and file")
    func badContent() async throws {
        let reader = FakeTreeReader(files: ["c/a/config.json": "[1, 2]", "c/b/config.json": "{"])
        await #expect {
            try await Self.expand(
                """
                    - git:
                        repoURL: https://git.example.com/apps.git
                        files: [{path: 'c/a/config.json'}]
                """, reader: reader)
        } throws: { error in
            "\(error)".contains(
                "https://git.example.com/apps.git@HEAD: c/a/config.json: element 0 of the list is a number")
        }
        await #expect {
            try await Self.expand(
                """
                    - git:
                        repoURL: https://git.example.com/apps.git
                        files: [{path: 'c/b/config.json'}]
                """, reader: reader)
        } throws: { error in
            "\(error)".contains("c/b/config.json: not valid JSON or YAML")
        }
    }

    @Test(
        "decoding errors name the file, line and field",
        arguments: [
            ("repoURL: https://x/a.git\n      directories: [{path: a}]\n      files: [{path: b}]", "not both"),
            ("repoURL: https://x/a.git", "needs directories or files"),
            ("repoURL: '<<repo>>'\n      files: [{path: b}]", "repoURL of a git generator must be literal"),
            ("repoURL: https://x/a.git\n      files: [{path: ../b}]", "must not climb out"),
            ("repoURL: https://x/a.git\n      directories: [{path: a, exclude: true}]", "without exclude: true"),
            ("repoURL: https://x/a.git\n      directories: [{path: a, excluded: true}]", "excluded"),
        ])
    func decodingErrors(body: String, message: String) async throws {
        await #expect {
            try await Self.expand("    - git:\n        " + body.replacingOccurrences(of: "\n  ", with: "\n    "))
        } throws: { error in
            "\(error)".contains("fleet.yaml:") && "\(error)".contains(message)
        }
    }
}

extension GitGeneratorTests {
    @Test("inside a merge: folders overridden by list elements with the same basename")
    func merge() async throws {
        let reader = FakeTreeReader(files: ["apps/web/a.yaml": "", "apps/api/a.yaml": ""])
        let applications = try await Self.expand(
            """
                - merge:
                    mergeKeys: [path.basename]
                    generators:
                      - git:
                          repoURL: https://git.example.com/apps.git
                          directories: [{path: 'apps/*'}]
                          values: {tier: standard}
                      - list: {elements: [{path.basename: web, values: {tier: gold}}]}
            """, name: "<<path.basename>>-<<values.tier>>", reader: reader)
        #expect(applications.map(\.application.name) == ["api-standard", "web-gold"])
    }
}
