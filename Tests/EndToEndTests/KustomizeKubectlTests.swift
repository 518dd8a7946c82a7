import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// The kubectl that renders kustomize overlays (issue 21, item 9): Debian's kubectl 1.20
/// (kustomize v2) rejects the demo's overlays, so Flotilla refuses it naming its version, and
/// with it first on PATH renders with the project-local one `make kubectl` puts in `.tools/`.
@Suite("kubectl for kustomize")
struct KustomizeKubectlTests {
    /// kubectl 1.20 as Debian's kubernetes-client answers: its versions, and the error its
    /// kustomize gives for the demo's overlays.
    static let oldKubectl = """
        #!/bin/sh
        case "$1" in
        version) printf '{"clientVersion":{"major":"1","minor":"20","gitVersion":"v1.20.15"},"kustomizeVersion":"v2.0.3"}' ;;
        kustomize) echo 'Error: json: unknown field "labels"' >&2; exit 1 ;;
        *) exit 1 ;;
        esac

        """

    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: guestbook}
        spec:
          project: default
          source: {repoURL: gitops/repo, targetRevision: main, path: apps/guestbook/overlays/production}
          destination: {name: c1, namespace: guestbook}
          syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    @Test("kubectl 1.20 is refused naming its version; first on PATH, the project-local kubectl renders instead")
    func oldKubectlOnPath() async throws {
        try await FleetHarness.with(["c1"]) { fleet, session in
            try await FleetHarness.register(["c1"], of: fleet, in: session)
            let repo = try await GitRepository()
            defer { repo.folder.remove() }
            try repo.copy(from: Fixtures.repositoryRoot() + "/demo/repos/gitops")
            try await repo.commit("the demo's gitops repository")
            try FileManager.default.createSymbolicLink(
                atPath: session.folder.path + "/gitops", withDestinationPath: repo.folder.path)
            let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
            let old = try session.folder.write("old/kubectl", Self.oldKubectl)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: old)

            let refused = try await session.run(["diff", fleetFile], environment: ["FLOTILLA_KUBECTL": old])
            #expect(refused.status == 2, "\(refused.standardOutput)\(refused.standardError)")
            #expect(
                refused.standardError.contains(
                    "kubectl v1.20.15 (kustomize v2.0.3) at \(old): too old to render kustomizations "
                        + "(kubectl 1.27 or newer, kustomize v5, is needed)"), "\(refused.standardError)")

            // A checkout whose `make kubectl` put a recent kubectl in .tools/, run with the old one first on PATH.
            let checkout = session.folder.path + "/checkout"
            let local = checkout + "/.tools/bin/kubectl"
            let binary = checkout + "/.build/debug/flotilla"
            for folder in [checkout + "/.tools/bin", checkout + "/.build/debug"] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try FileManager.default.copyItem(atPath: FlotillaProcess.binaryPath, toPath: binary)
            let recent = try await CommandLineTool.run("sh", ["-c", "command -v kubectl"])
            try FileManager.default.createSymbolicLink(
                atPath: local,
                withDestinationPath: recent.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
            let path = session.folder.path + "/old:" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
            let rendered = try await CommandLineTool.run(
                binary, ["diff", fleetFile], environment: session.environment.merging(["PATH": path]) { $1 },
                in: session.folder.path)
            #expect(rendered.status == 1, "\(rendered.standardOutput)\(rendered.standardError)")
            #expect(
                rendered.standardOutput.contains("+++ git/Deployment/guestbook/guestbook"), "\(rendered.standardOutput)"
            )
            #expect(
                rendered.standardOutput.contains("env: production"), "the overlay's labels: \(rendered.standardOutput)")
            #expect(
                rendered.standardError.hasPrefix("kustomizations rendered with kubectl v1."),
                "\(rendered.standardError)")
            #expect(rendered.standardError.contains(" at \(local)\n"), "\(rendered.standardError)")
        }
    }
}
