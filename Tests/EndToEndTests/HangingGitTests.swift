import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// A stalled remote: a `git fetch` that never returns must not hold its target past its
/// deadline, nor Ctrl-C, nor outlive flotilla.
@Suite("flotilla sync with a git that hangs")
struct HangingGitTests {
    /// A `git` that records its pid and sleeps on `fetch` and `clone`, and is the real git otherwise.
    static let fakeGit = """
        #!/bin/sh
        for argument in "$@"; do
          case "$argument" in
            fetch|clone) echo $$ >> "$HANGING_GIT_PIDS"; exec sleep 600 ;;
          esac
        done
        exec /usr/bin/git "$@"

        """

    /// Two Applications on one cluster: `hung` from the Git repository, `plain` from a plain
    /// folder (read without fetching).
    static let fleet = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: hung}
        spec:
          project: default
          source: {repoURL: gitops/repo, targetRevision: main, path: web}
          destination: {name: g1, namespace: hung}
          syncPolicy: {syncOptions: [CreateNamespace=true]}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: plain}
        spec:
          project: default
          source: {repoURL: manifests, path: web}
          destination: {name: g1, namespace: plain}
          syncPolicy: {syncOptions: [CreateNamespace=true]}
        """

    @Test("Ctrl-C while git fetch hangs: exit 130 at once, and no git left running")
    func interruptedFetch() async throws {
        try await withHangingGit(KillTests.fleet) { session, fleetFile, environment, pids in
            let flotilla = BackgroundProcess.flotilla(
                ["sync", fleetFile], environment: environment, in: session.folder.path)
            let patience = Date(timeIntervalSinceNow: 30)
            while !FileManager.default.fileExists(atPath: pids), Date() < patience {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .milliseconds(200))
            let interrupted = Date()
            await flotilla.signal(SIGINT)
            let result = try await flotilla.result()
            let stopping = Date().timeIntervalSince(interrupted)
            #expect(result.status == 130, "\(result.standardError)")
            #expect(stopping < 10, "stops at once, not when the hanging fetch ends: \(stopping) s")
        }
    }

    @Test("--timeout: the target whose fetch hangs fails at its deadline, the other one syncs, no git left running")
    func fetchPastTheDeadline() async throws {
        try await withHangingGit(Self.fleet) { session, fleetFile, environment, _ in
            try session.folder.write("manifests/web/web.yaml", FleetHarness.webManifests())
            // 8 s: the plain target must finish well inside it even when every test runs at once
            // on two shared cores.
            let result = try await session.run(["sync", fleetFile, "--timeout", "8"], environment: environment)
            #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
            #expect(
                result.standardOutput.contains("Application plain on cluster g1: synced, Healthy\n"),
                "\(result.standardOutput)")
            #expect(
                result.standardOutput.contains(
                    "Application hung on cluster g1: sync failed: did not finish within 8.0 seconds"),
                "\(result.standardOutput)")
        }
    }

    /// Runs `body` with a sandbox cluster `g1` registered, `fleet` written, and the fake git
    /// first on the `PATH` of `environment`; then checks that every git it started has ended.
    @Test("--timeout: a git generator whose fetch hangs fails the run at the deadline (exit 2), no git left running")
    func generatorFetchPastTheDeadline() async throws {
        let fleet = """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: apps}
            spec:
              generators: [{git: {repoURL: gitops/repo, revision: main, directories: [{path: '*'}]}}]
              template:
                metadata: {name: '<<path.basename>>'}
                spec:
                  project: default
                  source: {repoURL: gitops/repo, targetRevision: main, path: '<<path>>'}
                  destination: {name: g1, namespace: '<<path.basename>>'}
            """
        try await withHangingGit(fleet) { session, fleetFile, environment, _ in
            let started = Date()
            let result = try await session.run(["sync", fleetFile, "--timeout", "8"], environment: environment)
            #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
            #expect(
                result.standardError.contains("cannot read the repository: did not finish within 8.0 seconds"),
                "\(result.standardError)")
            #expect(Date().timeIntervalSince(started) < 120, "not git's own 10 minutes")
        }
    }

    private func withHangingGit(
        _ fleet: String,
        _ body: (FlotillaSession, _ fleetFile: String, _ environment: [String: String], _ pids: String) async throws ->
            Void
    ) async throws {
        let names = ["g1"]
        try await FleetHarness.with(names) { sandboxes, session in
            try await FleetHarness.register(names, of: sandboxes, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write("fleet.yaml", fleet)
            let git = try session.folder.write("bin/git", Self.fakeGit)
            chmod(git, 0o755)
            let pids = session.folder.path + "/git.pids"
            var environment = session.environment
            environment["PATH"] =
                session.folder.path + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            environment["HANGING_GIT_PIDS"] = pids
            try await body(session, fleetFile, environment, pids)
            let started = (try? String(contentsOfFile: pids, encoding: .utf8)) ?? ""
            #expect(!started.isEmpty, "the fake git was never asked to fetch")
            let deadline = Date(timeIntervalSinceNow: 10)
            var running = started.split(separator: "\n").compactMap { pid_t($0) }
            while !running.isEmpty, Date() < deadline {
                running = running.filter { kill($0, 0) == 0 }
                if !running.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(running.isEmpty, "git still running: \(running)")
        }
    }
}
