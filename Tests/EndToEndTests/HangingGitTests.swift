import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// A stalled remote: a `git fetch` that never returns must not hold Ctrl-C, nor outlive flotilla.
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

    @Test("Ctrl-C while git fetch hangs: exit 130 within 3 s, and no git left running")
    func interruptedFetch() async throws {
        let names = ["g1"]
        try await FleetHarness.with(names) { fleet, session in
            try await FleetHarness.register(names, of: fleet, in: session)
            let repo = try await FleetHarness.gitops(["web/web.yaml": FleetHarness.webManifests()], in: session)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write("fleet.yaml", KillTests.fleet)
            let git = try session.folder.write("bin/git", Self.fakeGit)
            chmod(git, 0o755)
            let pids = session.folder.path + "/git.pids"
            var environment = ProcessInfo.processInfo.environment.merging(session.environment) { $1 }
            environment["PATH"] = session.folder.path + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment["HANGING_GIT_PIDS"] = pids
            let processEnvironment = environment
            let directory = session.folder.path
            let outcome = await BlockingWork.run { () -> (status: Int32, stopping: TimeInterval, error: String)? in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: FlotillaProcess.binaryPath)
                process.arguments = ["sync", fleetFile]
                process.environment = processEnvironment
                process.currentDirectoryURL = URL(fileURLWithPath: directory)
                let errors = Pipe()
                process.standardOutput = FileHandle.nullDevice
                process.standardError = errors
                guard (try? process.run()) != nil else { return nil }
                let patience = Date(timeIntervalSinceNow: 30)
                while !FileManager.default.fileExists(atPath: pids), Date() < patience { usleep(50_000) }
                usleep(200_000)
                let interrupted = Date()
                kill(process.processIdentifier, SIGINT)
                let error = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                return (process.terminationStatus, Date().timeIntervalSince(interrupted), error)
            }
            let result = try #require(outcome, "flotilla did not start")
            let started = (try? String(contentsOfFile: pids, encoding: .utf8)) ?? ""
            #expect(!started.isEmpty, "the fake git was never asked to fetch")
            #expect(result.status == 130, "\(result.error)")
            #expect(result.stopping < 3, "stopped in \(result.stopping) s")
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
