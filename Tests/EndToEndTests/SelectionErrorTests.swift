import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// Selections that name or match nothing are usage errors listing what exists, closest names
/// first, for every command that selects (issue 21, items 2 and 10): in CI an empty
/// selection must not read as "no drift" or "synced".
@Suite("Selections that match nothing")
struct SelectionErrorTests {
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: shop}
        spec:
          generators:
          - list: {elements: [{cluster: rk-prod}, {cluster: rk-dev}]}
          template:
            metadata: {name: 'shop-<<cluster>>'}
            spec:
              project: default
              source: {repoURL: gitops/repo, targetRevision: main, path: web}
              destination: {name: '<<cluster>>', namespace: shop}
              syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    @Test("an unregistered --cluster, an --app typo and -l or --cluster matching no target: exit 2, what exists listed")
    func emptySelections() async throws {
        let names = ["rk-prod", "rk-dev", "rk-test"]
        try await FleetHarness.with(names, options: SandboxOptions(rolloutDelay: .milliseconds(50))) {
            fleet, session in try await run(fleet, session)
        }
    }

    private func run(_ fleet: SandboxFleet, _ session: FlotillaSession) async throws {
        let kubeconfig = try await FleetHarness.register(["rk-prod"], of: fleet, in: session, ["-l", "env=prod"])
        for (name, env) in [("rk-dev", "dev"), ("rk-test", "test")] {
            let added = try await session.run(["cluster", "add", "--kubeconfig", kubeconfig, name, "-l", "env=\(env)"])
            #expect(added.status == 0, "\(added.standardError)")
        }
        let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
        defer { repo.folder.remove() }
        let fleetFile = try session.folder.write("fleet.yaml", Self.fleet)
        #expect(try await session.run(["sync", fleetFile]).status == 0)

        let unregistered = "error: no cluster named \"rk-prd\" is registered; registered clusters: rk-prod, "
        for command in [["diff", fleetFile], ["sync", fleetFile], ["status"], ["history", "shop-rk-prod"]] {
            let result = try await session.run(command + ["--cluster", "rk-prd"])
            #expect(result.status == 2, "\(command): \(result.standardOutput)\(result.standardError)")
            #expect(result.standardError.hasPrefix(unregistered), "\(command): \(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }

        let labels = "its targets are on clusters: rk-dev (env=dev), rk-prod (env=prod)\n"
        for command in [["diff", fleetFile], ["sync", fleetFile], ["status"]] {
            let result = try await session.run(command + ["-l", "env=nothing"])
            #expect(result.status == 2, "\(command): \(result.standardOutput)\(result.standardError)")
            #expect(
                result.standardError.contains("-l env=nothing selects no target of the "), "\(result.standardError)")
            #expect(result.standardError.hasSuffix(labels), "\(command): \(result.standardError)")
        }
        let idle = try await session.run(["sync", fleetFile, "--cluster", "rk-test"])
        #expect(idle.status == 2)
        #expect(
            idle.standardError
                == "error: --cluster rk-test selects no target of the fleet files; "
                + "its targets are on clusters: rk-dev, rk-prod\n")

        let elsewhere = try await session.run(["sync", fleetFile, "--app", "shop-rk-prod", "--cluster", "rk-dev"])
        #expect(elsewhere.status == 2)
        #expect(elsewhere.standardError.contains("deployed to cluster \"rk-prod\", not \"rk-dev\""))

        let typo = "Applications: shop-rk-prod, shop-rk-dev\n"
        for command in [
            ["diff", fleetFile, "--app", "shop-rk-prd"], ["sync", fleetFile, "--app", "shop-rk-prd"],
            ["status", "--app", "shop-rk-prd"], ["history", "shop-rk-prd"],
            ["rollback", "shop-rk-prd", "1", fleetFile],
        ] {
            let result = try await session.run(command)
            #expect(result.status == 2, "\(command): \(result.standardOutput)\(result.standardError)")
            #expect(result.standardError.hasPrefix("error: no Application named \"shop-rk-prd\" in the "))
            #expect(result.standardError.hasSuffix(typo), "\(command): \(result.standardError)")
        }

        // A destination that is not registered names the clusters that are (item 10).
        let stray = try session.folder.write(
            "stray.yaml", Self.fleet.replacingOccurrences(of: "{cluster: rk-dev}", with: "{cluster: rk-stage}"))
        let unknown = try await session.run(["diff", stray])
        #expect(unknown.status == 2)
        #expect(
            unknown.standardError
                == "error: Application shop-rk-stage: its destination cluster \"rk-stage\" is not registered "
                + "(flotilla cluster add); registered clusters: rk-test, rk-dev, rk-prod\n")
    }
}
