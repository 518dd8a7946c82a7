import ChildProcesses
import FleetModel
import Foundation
import Synchronization

/// A program (most often `flotilla`) running in the background, for tests that signal it
/// mid-run — Ctrl-C, SIGTERM, `kill -9` — and then read how it ended.
public final class BackgroundProcess: Sendable {
    private let processID: ProcessID
    private let running: Task<ChildProcess.Outcome, Never>
    private let executable: String

    /// Starts `executable arguments…` as `CommandLineTool.run` would.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil
    ) {
        let child = CommandLineTool.child(executable, arguments, environment: environment, in: directory)
        let processID = ProcessID()
        self.executable = executable
        self.processID = processID
        running = Task {
            let outcome = await child.run { processID.set($0) }
            processID.set(nil)
            return outcome
        }
    }

    /// Starts `flotilla arguments…`.
    public static func flotilla(
        _ arguments: [String], environment: [String: String] = [:], in directory: String? = nil
    ) -> BackgroundProcess {
        BackgroundProcess(FlotillaProcess.binaryPath, arguments, environment: environment, in: directory)
    }

    /// Sends `signal` once the program runs; nothing when it has ended already.
    public func signal(_ signal: Int32) async {
        while true {
            switch processID.state {
            case .running(let pid):
                kill(pid, signal)
                return
            case .ended: return
            case .starting: try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// Waits for the end: what it printed and its exit status.
    public func result() async throws -> FlotillaProcess.Result {
        try FlotillaProcess.Result(await running.value, of: executable)
    }

    /// The child's process id, once known, until it has ended.
    private final class ProcessID: Sendable {
        enum State { case starting, running(pid_t), ended }
        private let value = Mutex<State>(.starting)
        var state: State { value.withLock { $0 } }
        func set(_ pid: pid_t?) { value.withLock { $0 = pid.map { .running($0) } ?? .ended } }
    }
}
