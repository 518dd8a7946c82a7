import FleetTesting
import Foundation
import Sandbox
import Testing

/// Every command path prints an error as a sentence, never as a Swift enum case such as
/// `wrongKey(source: "FLOTILLA_KEY")`.
@Suite("Errors read as sentences")
struct ErrorMessageTests {
    /// What a dumped enum case looks like: `caseName(label: …`.
    static func hasCaseDump(_ text: String) -> Bool {
        text.range(of: #"\b[a-z][A-Za-z]*\([a-zA-Z]+: "#, options: .regularExpression) != nil
    }

    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: web}
        spec:
          project: default
          source: {repoURL: gitops/repo, targetRevision: main, path: apps/web}
          destination: {name: prod, namespace: shop}
          syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    @Test("a wrong key, broken fleet files and a damaged registry (status, rollback, sync)")
    func sentences() async throws {
        try await FleetHarness.with(["prod"]) { fleet, session in
            let key = ["FLOTILLA_KEY": String(repeating: "11", count: 32)]
            let kubeconfig = try session.folder.write("kubeconfig", fleet.kubeconfig())
            #expect(
                try await session.run(["cluster", "add", "--kubeconfig", kubeconfig, "prod"], environment: key).status
                    == 0)
            let repo = try await FleetHarness.gitops(["apps/web/all.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
            #expect(try await session.run(["sync", fleetFile], environment: key).status == 0)

            let wrongKey = ["FLOTILLA_KEY": String(repeating: "22", count: 32)]
            var outputs: [String: FlotillaProcess.Result] = [:]
            outputs["engine"] = try await session.run(["sync", fleetFile], environment: wrongKey)
            // Another fleet file: its Application meets the wrong key, and the recorded one is left.
            let other = try session.folder.write(
                "other.yaml", Self.fleet.replacingOccurrences(of: "web}", with: "other}"))
            outputs["other fleet"] = try await session.run(["sync", other], environment: wrongKey)
            let broken = try session.folder.write("broken.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: [\n")
            outputs["resolution"] = try await session.run(["diff", broken], environment: key)
            let param = try session.folder.write(
                "param.yaml",
                """
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: s}
                spec:
                  generators: [{list: {elements: [{a: b}]}}]
                  template:
                    metadata: {name: '<<nope>>'}
                    spec:
                      project: default
                      source: {repoURL: gitops/repo, path: apps/web}
                      destination: {name: prod, namespace: shop}
                """)
            outputs["generator"] = try await session.run(["sync", param], environment: key)
            try Data("not a database, not at all".utf8).write(to: URL(fileURLWithPath: session.home + "/flotilla.db"))
            try? FileManager.default.removeItem(atPath: session.home + "/flotilla.db-wal")
            try? FileManager.default.removeItem(atPath: session.home + "/flotilla.db-shm")
            outputs["status"] = try await session.run(["status"], environment: key)
            outputs["rollback"] = try await session.run(["rollback", "web", "1", fleetFile], environment: key)
            outputs["selection"] = try await session.run(["sync", fleetFile], environment: key)

            for (path, result) in outputs.sorted(by: { $0.key < $1.key }) {
                let text = result.standardOutput + result.standardError
                #expect(result.status != 0, "\(path): \(text)")
                #expect(!Self.hasCaseDump(text), "\(path) printed a Swift value: \(text)")
            }
            #expect(outputs["engine"]?.standardError.contains("does not open the credentials in") == true)
            #expect(outputs["other fleet"]?.standardError.contains("does not open the credentials in") == true)
            #expect(outputs["resolution"]?.standardError.contains("invalid YAML") == true)
            #expect(outputs["generator"]?.standardError.contains("unknown param <<nope>>") == true)
            #expect(outputs["status"]?.standardError.contains("cannot open the registry") == true)
            #expect(outputs["rollback"]?.standardError.contains("cannot open the registry") == true)
        }
    }
}
