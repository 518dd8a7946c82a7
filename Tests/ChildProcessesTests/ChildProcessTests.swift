import Foundation
import Testing

@testable import ChildProcesses

#if canImport(Glibc)
import Glibc
#endif

/// The project's one way of starting a process: deadlines, cancellation and bounded output
/// stop the child with everything it started.
@Suite("Child processes")
struct ChildProcessTests {
    /// Whether a process of this pid is still running (not a zombie).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !stat.contains(") Z ")
    }

    @Test("output, status and folder come back")
    func exits() async {
        let outcome = await ChildProcess("sh", ["-c", "pwd; echo oops >&2; exit 3"], directory: "/tmp").run()
        #expect(outcome == .exited(status: 3, output: Array("/tmp\n".utf8), errors: Array("oops\n".utf8)))
    }

    @Test("input is the child's standard input, whole and then at its end; too large an input is refused")
    func standardInput() async {
        let secret = Array("user\nhunter2 with spaces\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 60_000)
        #expect(
            await ChildProcess("sh", ["-c", "cat; echo end"], input: secret).run()
                == .exited(status: 0, output: secret + Array("end\n".utf8), errors: []))
        #expect(
            await ChildProcess("sh", ["-c", "cat"]).run() == .exited(status: 0, output: [], errors: []),
            "without input the child reads /dev/null")
        let oversized = [UInt8](repeating: 0, count: ChildProcess.maxInputBytes + 1)
        #expect(
            await ChildProcess("cat", [], input: oversized).run()
                == .failedToStart("cat: standard input larger than 65536 bytes"))
    }

    @Test("a child inherits none of the parent's open files, close-on-exec or not")
    func noInheritedFiles() async {
        let path = "/tmp/flotilla-child-\(UUID().uuidString)"
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o644)  // not close-on-exec, as Foundation's writes
        defer {
            close(descriptor)
            unlink(path)
        }
        let script = "if [ -e /proc/$$/fd/\(descriptor) ]; then echo open; else echo closed; fi"
        #expect(
            await ChildProcess("sh", ["-c", script]).run()
                == .exited(status: 0, output: Array("closed\n".utf8), errors: []))
    }

    @Test("at the deadline the whole group is killed, grandchildren included")
    func deadline() async throws {
        let marker = "/tmp/flotilla-child-\(UUID().uuidString)"
        let child = ChildProcess(
            "sh", ["-c", "sleep 300 & echo $! > \(marker); sleep 300"], deadline: .milliseconds(500))
        #expect(await child.run() == .timedOut)
        let grandchild =
            Int32(try String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
            ?? 0
        try? FileManager.default.removeItem(atPath: marker)
        #expect(grandchild > 0)
        var gone = false
        for _ in 0..<100 where !gone {
            gone = !Self.isRunning(grandchild)
            if !gone { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(gone, "the background sleep started by the child was killed with it")
    }

    @Test("cancelling the awaiting task kills the child at once")
    func cancellation() async {
        let task = Task { await ChildProcess("sleep", ["300"]).run() }
        try? await Task.sleep(for: .milliseconds(200))
        task.cancel()
        #expect(await task.value == .cancelled)
    }

    @Test("a child that writes without end is stopped at the output limit")
    func outputLimit() async {
        let outcome = await ChildProcess("sh", ["-c", "yes flotilla"], outputLimit: 1 << 20).run()
        #expect(outcome == .outputTooLarge)
    }

    @Test("a child sees none of Flotilla's variables")
    func environment() async {
        let parent = ["FLOTILLA_KEY": "secret-key-for-the-test", "FLOTILLA_HOME": "/h", "PATH": "/usr/bin:/bin"]
        let outcome = await ChildProcess(
            "sh", ["-c", "echo \"key=${FLOTILLA_KEY:-none} home=${FLOTILLA_HOME:-none}\""],
            environment: ChildProcess.scrubbed(parent)
        ).run()
        #expect(outcome == .exited(status: 0, output: Array("key=none home=none\n".utf8), errors: []))
    }

    @Test("a child spawned by a thread that blocks SIGTERM starts with nothing blocked")
    func signalMask() {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        // On this very thread, so that the mask it spawns with is the blocked one.
        let outcome = ChildProcess("sh", ["-c", "kill -TERM $$; sleep 5; echo survived"]).runBlocking(
            ChildProcess.StopSignal())
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        #expect(outcome == .exited(status: 128 + SIGTERM, output: [], errors: []))
    }

    @Test("a program that cannot start says so")
    func missing() async {
        guard case .failedToStart(let reason) = await ChildProcess("no-such-program-flotilla", []).run() else {
            Issue.record("a missing program started")
            return
        }
        #expect(reason.contains("no-such-program-flotilla"))
    }
}
