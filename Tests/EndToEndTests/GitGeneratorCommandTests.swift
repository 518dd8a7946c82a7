import FleetTesting
import Foundation
import Testing

/// `flotilla generate` over a real Git repository: git directories and files generators,
/// each inside a matrix with a clusters generator, read through the mirror in `FLOTILLA_HOME`.
@Suite("Git generators, end to end")
struct GitGeneratorCommandTests {
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: apps}
        spec:
          generators:
            - matrix:
                generators:
                  - git:
                      repoURL: ./repo
                      revision: main
                      directories: [{path: 'apps/*'}, {path: apps/legacy, exclude: true}]
                  - clusters: {}
          template:
            metadata: {name: '<<path.basename>>-<<name>>'}
            spec:
              project: default
              source: {repoURL: https://git.example.com/apps.git, targetRevision: HEAD, path: '<<path>>'}
              destination: {server: '<<server>>', namespace: '<<path.basenameNormalized>>'}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: cluster-configs}
        spec:
          generators:
            - matrix:
                generators:
                  - git:
                      repoURL: ./repo
                      files: [{path: 'clusters/*/config.json'}]
                  - clusters: {}
          template:
            metadata: {name: 'cfg-<<path.basename>>-<<name>>'}
            spec:
              project: default
              source: {repoURL: https://git.example.com/apps.git, targetRevision: HEAD, path: 'deploy/<<region>>/n<<size.nodes>>'}
              destination: {server: '<<server>>', namespace: '<<path.filenameNormalized>>'}
        """

    static let clusters = """
        apiVersion: flotilla.dev/v1alpha1
        kind: ClusterList
        items:
        - {name: prod, server: 'https://prod.example.com'}
        - {name: dev, server: 'https://dev.example.com'}
        """

    /// A repository with three app folders (one excluded), a hidden one, a link out of the
    /// repository, and two cluster config files.
    static func repository() async throws -> GitRepository {
        let repository = try await GitRepository()
        for app in ["web", "api", "legacy", ".hidden"] {
            try repository.write("apps/\(app)/deployment.yaml", "kind: Deployment\n")
        }
        try repository.write("clusters/eu/config.json", #"{"region": "eu-west-1", "size": {"nodes": 3}}"#)
        try repository.write("clusters/us/config.json", #"{"region": "us-east-1", "size": {"nodes": 5}}"#)
        try repository.write("clusters/us/notes.txt", "not a config\n")
        try FileManager.default.createSymbolicLink(
            atPath: repository.path + "/apps/escape", withDestinationPath: "/etc")
        try await repository.commit("apps and clusters")
        _ = try repository.folder.write("fleet.yaml", fleet)
        _ = try repository.folder.write("clusters.yaml", clusters)
        return repository
    }

    static func generate(
        _ repository: GitRepository, home: String, _ extra: [String] = []
    ) async throws -> FlotillaProcess.Result {
        try await FlotillaProcess.run(
            ["generate", "fleet.yaml", "--clusters", "clusters.yaml"] + extra, in: repository.folder.path,
            environment: ["FLOTILLA_HOME": home, "HOME": repository.folder.path])
    }

    @Test("directories (one excluded) and files, each in a matrix with clusters; --offline reads the mirror")
    func acceptance() async throws {
        let repository = try await Self.repository()
        defer { repository.folder.remove() }
        let home = repository.folder.path + "/home"
        let names = try await Self.generate(repository, home: home, ["-o", "name"])
        #expect(names.status == 0, "\(names.standardError)")
        #expect(names.standardError.isEmpty)
        let expected = [
            "api-prod", "api-dev", "web-prod", "web-dev",
            "cfg-eu-prod", "cfg-eu-dev", "cfg-us-prod", "cfg-us-dev",
        ]
        #expect(
            Set(names.standardOutput.split(separator: "\n").map(String.init))
                == Set(expected.map { "application.argoproj.io/\($0)" }))
        #expect(names.standardOutput.split(separator: "\n").count == expected.count)

        let yaml = try await Self.generate(repository, home: home)
        #expect(yaml.status == 0, "\(yaml.standardError)")
        #expect(yaml.standardOutput.contains("path: apps/api"))
        #expect(yaml.standardOutput.contains("path: deploy/eu-west-1/n3"))
        #expect(yaml.standardOutput.contains("path: deploy/us-east-1/n5"))
        #expect(yaml.standardOutput.contains("namespace: config.json"))
        #expect(!yaml.standardOutput.contains("legacy"))
        #expect(!yaml.standardOutput.contains("escape"))
        #expect(!yaml.standardOutput.contains("hidden"))

        // A new folder: --offline still reads the mirror as it was; a plain run fetches it.
        try repository.write("apps/batch/job.yaml", "kind: Job\n")
        try await repository.commit("batch")
        let offline = try await Self.generate(repository, home: home, ["--offline"])
        #expect(offline.status == 0, "\(offline.standardError)")
        #expect(offline.standardOutput == yaml.standardOutput)
        let fetched = try await Self.generate(repository, home: home, ["-o", "name"])
        #expect(fetched.standardOutput.contains("application.argoproj.io/batch-dev"))
    }

    @Test("--offline without a mirror fails with exit 1 and says how to get one")
    func offlineWithoutMirror() async throws {
        let repository = try await Self.repository()
        defer { repository.folder.remove() }
        let result = try await Self.generate(repository, home: repository.folder.path + "/empty-home", ["--offline"])
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("fleet.yaml:8"))
        #expect(result.standardError.contains("no mirror of"))
        #expect(result.standardError.contains("run once without --offline"))
    }

    @Test("a local repository outside the fleet file's folder is refused")
    func localPolicy() async throws {
        let repository = try await Self.repository()
        defer { repository.folder.remove() }
        _ = try repository.folder.write("fleet.yaml", Self.fleet.replacingOccurrences(of: "./repo", with: "/etc"))
        let result = try await Self.generate(repository, home: repository.folder.path + "/home")
        #expect(result.status == 1)
        #expect(result.standardError.contains("local sources must be inside the fleet file's folder"))
    }
}
