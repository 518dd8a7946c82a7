import CSpawn
import FleetModel
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One run of another program (git, tar, kubectl, an exec credential plugin): the project's
/// only way of starting a process.
///
/// The child runs in a process group of its own with a clean signal mask, its standard
/// input from /dev/null (or a pipe holding `input`), its output collected up to a bound; at
/// its deadline, when the awaiting task is cancelled, or when it writes more than the bound,
/// the whole group is killed (a `git` and the helpers it started), so that nothing outlives
/// its caller.
public struct ChildProcess: Sendable {
    /// The program: a path, or a name looked up on `PATH`.
    public var executable: String
    /// Its arguments.
    public var arguments: [String]
    /// Its whole environment (see `inheritedEnvironment`).
    public var environment: [String: String]
    /// The folder it runs in; nil for the current one.
    public var directory: String?
    /// How long it may run; nil for no limit other than cancellation.
    public var deadline: Duration?
    /// How many bytes of standard output (and, separately, of standard error) it may write.
    public var outputLimit: Int
    /// What the child reads on its standard input (a secret a worker needs, which must not be
    /// in its arguments or environment), at most `maxInputBytes`; nil for /dev/null.
    public var input: [UInt8]?

    /// The most `input` may hold: what a pipe holds without a reader, so that it is written
    /// whole before the child starts and no write ever waits for the child.
    public static let maxInputBytes = 65_536

    /// A run of `executable arguments…`.
    public init(
        _ executable: String, _ arguments: [String],
        environment: [String: String] = ChildProcess.inheritedEnvironment(),
        directory: String? = nil, deadline: Duration? = nil, outputLimit: Int = 256 << 20, input: [UInt8]? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.directory = directory
        self.deadline = deadline
        self.outputLimit = outputLimit
        self.input = input
    }

    /// How a run ended.
    public enum Outcome: Sendable, Equatable {
        /// It exited (a signal's death is 128 + the signal) with this output.
        case exited(status: Int32, output: [UInt8], errors: [UInt8])
        /// It was still running at its deadline; its group was killed.
        case timedOut
        /// The awaiting task was cancelled; its group was killed.
        case cancelled
        /// It wrote more than the output limit; its group was killed.
        case outputTooLarge
        /// It could not be started.
        case failedToStart(String)
    }

    /// This process's environment without Flotilla's own variables (`FLOTILLA_KEY` and the
    /// like): a child — a repository's hook, a plugin — never sees Flotilla's secrets.
    public static func inheritedEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        scrubbed(ProcessInfo.processInfo.environment).merging(extra) { $1 }
    }

    /// `environment` without Flotilla's own variables.
    static func scrubbed(_ environment: [String: String]) -> [String: String] {
        environment.filter { !$0.key.hasPrefix("FLOTILLA_") }
    }

    /// Runs to the end, on a thread of its own; cancelling the calling task kills the child.
    /// `whenStarted` is handed the child's process id once it runs (a test signals it).
    public func run(whenStarted: @escaping @Sendable (pid_t) -> Void = { _ in }) async -> Outcome {
        let stop = StopSignal()
        let process = self
        return await withTaskCancellationHandler {
            await BlockingWork.run { process.runBlocking(stop, whenStarted: whenStarted) }
        } onCancel: {
            stop.raise()
        }
    }

    /// Set from another thread to stop a run.
    final class StopSignal: Sendable {
        private let raised = Atomic<Bool>(false)
        func raise() { raised.store(true, ordering: .relaxed) }
        var isRaised: Bool { raised.load(ordering: .relaxed) }
    }

    private static let spawnLock = NSLock()

    func runBlocking(_ stop: StopSignal, whenStarted: (pid_t) -> Void = { _ in }) -> Outcome {
        if stop.isRaised { return .cancelled }
        if let input, input.count > Self.maxInputBytes {
            return .failedToStart("\(executable): standard input larger than \(Self.maxInputBytes) bytes")
        }
        var standardInput: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        var pid: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // Pipes are made close-on-exec and the child spawned under one lock, so that no other
        // child spawned at the same moment inherits these pipes and holds them open.
        let spawned: Int32 = Self.spawnLock.withLock {
            // Close-on-exec from their making: a process started by other means meanwhile
            // inherits none of them either.
            let madeOutput = flotilla_pipe(&output)
            guard madeOutput == 0 else { return madeOutput }
            let madeErrors = flotilla_pipe(&errors)
            guard madeErrors == 0 else { return madeErrors }
            if let input {
                let made = flotilla_pipe(&standardInput)
                guard made == 0 else { return made }
                guard Self.fill(standardInput[1], with: input) else { return EPIPE }
                close(standardInput[1])
                standardInput[1] = -1
            }
            var result = flotilla_spawn(&pid, argv, envp, directory, standardInput[0], output[1], errors[1])
            // A program written a moment ago can still be open for writing in a child another
            // thread just forked ("Text file busy"); that passes once that child has exec'd.
            for _ in 0..<100 where result == ETXTBSY {
                usleep(10_000)
                result = flotilla_spawn(&pid, argv, envp, directory, standardInput[0], output[1], errors[1])
            }
            return result
        }
        for fd in standardInput + [output[1], errors[1]] where fd >= 0 { close(fd) }
        defer { for fd in [output[0], errors[0]] where fd >= 0 { close(fd) } }
        guard spawned == 0 else { return .failedToStart("\(executable): \(String(cString: strerror(spawned)))") }
        whenStarted(pid)
        return Watch(pid: pid, process: self, stop: stop).collect(from: [output[0], errors[0]])
    }

    /// Writes all of `bytes` into the empty pipe `fd` without waiting (the pipe holds them
    /// until the child reads); false when it could not take them all.
    private static func fill(_ fd: Int32, with bytes: [UInt8]) -> Bool {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}
