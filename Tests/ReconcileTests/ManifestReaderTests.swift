import FleetModel
import FleetTesting
import Foundation
import Testing

@testable import Reconcile

@Suite("Reading manifests from a source folder")
struct ManifestReaderTests {
    func folder(_ files: [String: String]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for (path, contents) in files { _ = try folder.write(path, contents) }
        return folder
    }

    static let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: NAME}\n"

    func names(_ manifests: [Manifest]) -> [String] {
        manifests.compactMap { $0.object["metadata"]?["name"]?.stringValue }
    }

    @Test("YAML, YML and JSON files, multi-document and Lists, sorted by file; other files ignored")
    func formats() async throws {
        let folder = try folder([
            "b.yaml": Self.configMap.replacingOccurrences(of: "NAME", with: "b1") + "---\n---\n"
                + Self.configMap.replacingOccurrences(of: "NAME", with: "b2"),
            "a.json":
                #"{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}]}"#,
            "c.yml": Self.configMap.replacingOccurrences(of: "NAME", with: "c"),
            "notes.txt": "not yaml: [",
            ".hidden.yaml": Self.configMap.replacingOccurrences(of: "NAME", with: "hidden"),
            "sub/d.yaml": Self.configMap.replacingOccurrences(of: "NAME", with: "d"),
        ])
        defer { folder.remove() }
        #expect(names(try await ManifestReader.read(folder.path)) == ["a", "b1", "b2", "c"])
        let recursive = try await ManifestReader.read(folder.path, options: DirectoryOptions(recurse: true))
        #expect(names(recursive) == ["a", "b1", "b2", "c", "d"])
        #expect(recursive.last?.file == "sub/d.yaml")
    }

    @Test(
        "include and exclude globs, with {a,b} alternatives",
        arguments: [
            ("*.yaml", nil, ["a", "b", "d"]),
            ("{a.yaml,sub/*}", nil, ["a", "c"]),
            (nil, "sub/*", ["a", "b", "d"]),
            ("*.yaml", "{b.yaml,d.yaml}", ["a"]),
            ("*/*.yaml", nil, ["c"]),
        ] as [(String?, String?, [String])])
    func globs(include: String?, exclude: String?, expected: [String]) async throws {
        let folder = try folder([
            "a.yaml": Self.configMap.replacingOccurrences(of: "NAME", with: "a"),
            "b.yaml": Self.configMap.replacingOccurrences(of: "NAME", with: "b"),
            "sub/c.yaml": Self.configMap.replacingOccurrences(of: "NAME", with: "c"),
            "d.yaml": Self.configMap.replacingOccurrences(of: "NAME", with: "d"),
        ])
        defer { folder.remove() }
        let manifests = try await ManifestReader.read(
            folder.path, options: DirectoryOptions(recurse: true, include: include, exclude: exclude))
        #expect(Set(names(manifests)) == Set(expected))
    }

    @Test(
        "bad manifests are errors that name the file and line",
        arguments: [
            ("kind: ConfigMap\nmetadata: {name: x}\n", "bad.yaml:1:1: the object has no apiVersion"),
            ("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", "bad.yaml:1:1: the object has no metadata.name"),
            ("---\n- a\n- b\n", "bad.yaml:2:1: a manifest must be a map, not a list"),
        ])
    func errors(text: String, message: String) async throws {
        let folder = try folder(["bad.yaml": text])
        defer { folder.remove() }
        await #expect(throws: ReconcileError(message)) { _ = try await ManifestReader.read(folder.path) }
    }

    @Test("a YAML syntax error names the file and line")
    func syntax() async throws {
        let folder = try folder(["broken.yaml": "apiVersion: v1\nkind: [ConfigMap\n"])
        defer { folder.remove() }
        do {
            _ = try await ManifestReader.read(folder.path)
            Issue.record("a broken file was read")
        } catch {
            #expect(error.message.hasPrefix("broken.yaml:"), "\(error.message)")
        }
    }

    @Test("a folder with a kustomization is rendered by kubectl kustomize")
    func kustomize() async throws {
        let folder = try folder([
            "kustomization.yaml": "namePrefix: prod-\nresources: [cm.yaml]\n",
            "cm.yaml": Self.configMap.replacingOccurrences(of: "NAME", with: "settings"),
        ])
        defer { folder.remove() }
        let manifests = try await ManifestReader.read(folder.path)
        #expect(names(manifests) == ["prod-settings"])
        #expect(manifests.first?.file == "kustomize")
    }

    @Test(
        "source paths stay inside the repository",
        arguments: [
            ("apps/web", "apps/web"), (".", "."), ("./apps//web/", "apps/web"), ("apps/../web", "web"),
        ])
    func paths(path: String, expected: String) throws {
        #expect(try SourceRenderer.checkedPath(path) == expected)
    }

    @Test("a path that climbs out of the repository is refused", arguments: ["..", "apps/../..", "a/../../b"])
    func escapes(path: String) {
        #expect(throws: ReconcileError("source path \"\(path)\" escapes the repository")) {
            try SourceRenderer.checkedPath(path)
        }
    }
}
