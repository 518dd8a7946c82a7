import FleetModel
import FleetTesting
import Foundation
import Testing

/// `flotilla import argocd` run as a user runs it: a folder of Argo CD files converted with
/// `-o`, then `flotilla generate` of the converted folder.
@Suite("flotilla import argocd, end to end")
struct ImportCommandTests {
    static let listSet = """
        # Environments of the guestbook.
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: guestbook}
        spec:
          generators:
          - list:
              elements:
              - {cluster: dev, url: https://1.2.3.4}
              - {cluster: prod, url: https://2.4.6.8}
          template:
            metadata: {name: 'guestbook-{{ cluster }}'}
            spec:
              project: default
              source: {repoURL: https://git.example.com/guestbook.git, targetRevision: HEAD, path: 'envs/{{cluster}}'}
              destination: {server: '{{url}}', namespace: guestbook}

        """

    static let clusterSet = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: addons}
        spec:
          goTemplate: true
          goTemplateOptions: ["missingkey=error"]
          generators:
          - clusters: {selector: {matchLabels: {tier: edge}}}
          template:
            metadata: {name: 'cache-{{.name}}'}
            spec:
              project: default
              source: {repoURL: https://git.example.com/cache.git, targetRevision: HEAD, path: '{{ .metadata.labels.region }}'}
              destination: {server: '{{.server}}', namespace: cache}

        """

    static let clusters = """
        - {name: edge-eu, server: https://10.0.0.1, labels: {tier: edge, region: eu}}
        - {name: core, server: https://10.0.0.2, labels: {tier: core, region: us}}
        - {name: edge-us, server: https://10.0.0.3, labels: {tier: edge, region: us}}

        """

    @Test("import -o writes one fleet file per input, and generate expands them to Argo CD's Applications")
    func importThenGenerate() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("argocd/guestbook.yaml", Self.listSet)
        try folder.write("argocd/platform/addons.yaml", Self.clusterSet)
        try folder.write("argocd/platform/readme.txt", "not YAML, not read")
        try folder.write("clusters.yaml", Self.clusters)

        let imported = try await FlotillaProcess.run(["import", "argocd", "argocd", "-o", "out"], in: folder.path)
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardError.isEmpty)
        #expect(
            imported.standardOutput
                == "argocd/guestbook.yaml -> out/guestbook.yaml\nargocd/platform/addons.yaml -> out/platform/addons.yaml\n"
        )
        let converted = try String(contentsOfFile: folder.path + "/out/guestbook.yaml", encoding: .utf8)
        #expect(converted.hasPrefix("# Environments of the guestbook.\n"))
        #expect(converted.contains("metadata: {name: 'guestbook-<<cluster>>'}"))
        let addons = try String(contentsOfFile: folder.path + "/out/platform/addons.yaml", encoding: .utf8)
        #expect(addons.contains("  # goTemplate: true\n"))
        // The inputs are untouched.
        #expect(try String(contentsOfFile: folder.path + "/argocd/guestbook.yaml", encoding: .utf8) == Self.listSet)

        let generated = try await FlotillaProcess.run(
            ["generate", "out", "--clusters", "clusters.yaml"], in: folder.path)
        #expect(generated.status == 0, "\(generated.standardError)")
        let applications = try YAMLLoader.load(generated.standardOutput, file: "stdout").map(\.value)
        #expect(
            applications.map { $0["metadata"]?["name"]?.stringValue }
                == ["guestbook-dev", "guestbook-prod", "cache-edge-eu", "cache-edge-us"])
        #expect(applications[1]["spec"]?["source"]?["path"] == .string("envs/prod"))
        #expect(applications[1]["spec"]?["destination"]?["server"] == .string("https://2.4.6.8"))
        #expect(applications[3]["spec"]?["source"]?["path"] == .string("us"))
        #expect(applications[3]["spec"]?["destination"]?["server"] == .string("https://10.0.0.3"))
    }

    @Test("without -o the conversion is printed")
    func printsToStandardOutput() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("guestbook.yaml", Self.listSet)
        let result = try await FlotillaProcess.run(["import", "argocd", "guestbook.yaml"], in: folder.path)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(
            result.standardOutput
                == Self.listSet.replacingOccurrences(of: "{{ cluster }}", with: "<<cluster>>")
                .replacingOccurrences(of: "{{cluster}}", with: "<<cluster>>")
                .replacingOccurrences(of: "{{url}}", with: "<<url>>"))
    }

    @Test("a construct without an equivalent fails with every problem listed, and nothing is written")
    func problemsWriteNothing() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("argocd/guestbook.yaml", Self.listSet)
        try folder.write(
            "argocd/addons.yaml",
            Self.clusterSet.replacingOccurrences(of: "'cache-{{.name}}'", with: "'cache-{{.name | lower}}'")
                .replacingOccurrences(of: "'{{.server}}'", with: "'{{index .metadata.annotations \"url\"}}'"))
        let result = try await FlotillaProcess.run(["import", "argocd", "argocd", "-o", "out"], in: folder.path)
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError == """
                error: argocd/addons.yaml:10:29: spec.template.metadata.name: {{.name | lower}} uses a pipeline (|), \
                which Flotilla templates have no equivalent for (only plain {{.param}} lookups convert)
                error: argocd/addons.yaml:14:30: spec.template.spec.destination.server: \
                {{index .metadata.annotations "url"}} uses the function index, which Flotilla templates have no \
                equivalent for (only plain {{.param}} lookups convert)
                error: nothing written: 2 problem(s) to resolve

                """)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }

    @Test(
        "usage errors exit 2",
        arguments: [
            (["import", "argocd"], "name at least one file or folder"),
            (["import", "argocd", "argocd", "-o", "argocd"], "is an input file"),
            (["import", "argocd", "argocd", "-o", "out", "--in-place"], "not both"),
        ])
    func usageErrors(arguments: [String], message: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("argocd/guestbook.yaml", Self.listSet)
        let result = try await FlotillaProcess.run(arguments, in: folder.path)
        #expect(result.status == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(try String(contentsOfFile: folder.path + "/argocd/guestbook.yaml", encoding: .utf8) == Self.listSet)
    }

    @Test("a symbolic link in an imported folder is skipped with a note, never followed")
    func symbolicLinksSkipped() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("argocd/guestbook.yaml", Self.listSet)
        let secret = try folder.write("outside/secret.yaml", "password: hunter2\n")
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/argocd/leak.yaml", withDestinationPath: secret)
        let result = try await FlotillaProcess.run(["import", "argocd", "argocd"], in: folder.path)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError == "note: argocd/leak.yaml: skipped: a symbolic link\n")
        #expect(!result.standardOutput.contains("hunter2"))
    }

    @Test("an output folder inside the imported folder is not read again, so the import can run twice")
    func outputInsideInput() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("guestbook.yaml", Self.listSet)
        for _ in 0..<2 {
            let result = try await FlotillaProcess.run(["import", "argocd", ".", "-o", "fleets"], in: folder.path)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput == "./guestbook.yaml -> fleets/guestbook.yaml\n")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/fleets/fleets"))
    }

    @Test("--in-place rewrites the inputs themselves, and --help says how")
    func inPlace() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("argocd/guestbook.yaml", Self.listSet)
        let result = try await FlotillaProcess.run(["import", "argocd", "argocd", "--in-place"], in: folder.path)
        #expect(result.status == 0, "\(result.standardError)")
        let rewritten = try String(contentsOfFile: folder.path + "/argocd/guestbook.yaml", encoding: .utf8)
        #expect(rewritten.contains("'guestbook-<<cluster>>'"))
        #expect(!rewritten.contains("{{"))

        let help = try await FlotillaProcess.run(["import", "argocd", "--help"], in: folder.path)
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("--in-place"))
        #expect(help.standardOutput.contains("-o, --output-dir <dir>"))
    }

    @Test("a file too large or not UTF-8 is a problem, every one listed, and nothing is written")
    func unreadableFiles() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("argocd/guestbook.yaml", Self.listSet)
        try folder.write("argocd/huge.yaml", "# " + String(repeating: "x", count: 9 << 20) + "\n")
        try Data([0x6B, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(
            to: URL(fileURLWithPath: folder.path + "/argocd/latin.yaml"))
        let result = try await FlotillaProcess.run(["import", "argocd", "argocd", "-o", "out"], in: folder.path)
        #expect(result.status == 1)
        #expect(
            result.standardError == """
                error: argocd/huge.yaml: cannot read: larger than 8 MiB
                error: argocd/latin.yaml: cannot read: the file is not UTF-8 text
                error: nothing written: 2 problem(s) to resolve

                """)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }
}
