import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with a deadline, collecting its output.
///
/// Spawned in a process group of its own, with close-on-exec pipes, so that a plugin
/// that hangs (and any children holding its output open) is killed as a whole at the
/// deadline, and concurrently spawned plugins never inherit each other's pipes.
enum ChildProcess {
    private static let spawnLock = NSLock()

    enum Outcome {
        case exited(status: Int32, output: [UInt8], errors: [UInt8])
        case timedOut
        case failedToStart(String)
    }

    /// Runs `executable` with `arguments` and `environment`, stdin from /dev/null.
    static func run(
        _ executable: String, arguments: [String], environment: [String: String], timeout: Duration
    ) -> Outcome {
        var output: [Int32] = [0, 0]
        var errors: [Int32] = [0, 0]
        var pid: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // Pipes are made close-on-exec and the child spawned under one lock, so no other
        // plugin spawned at the same moment inherits these pipes and holds them open.
        let spawned: Int32 = spawnLock.withLock {
            guard pipe(&output) == 0 else { return errno }
            guard pipe(&errors) == 0 else {
                close(output[0])
                close(output[1])
                return errno
            }
            for fd in output + errors { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, output[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
            var result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            // A plugin written a moment ago can still be open for writing in a child another
            // thread just forked ("Text file busy"); that passes once the child has exec'd.
            for _ in 0..<100 where result == ETXTBSY {
                usleep(10_000)
                result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            }
            return result
        }
        guard output[1] > 0, errors[1] > 0 else { return .failedToStart(String(cString: strerror(spawned))) }
        close(output[1])
        close(errors[1])
        defer {
            close(output[0])
            close(errors[0])
        }
        guard spawned == 0 else { return .failedToStart(String(cString: strerror(spawned))) }
        let deadline = ContinuousClock.now + timeout
        var collected: [[UInt8]] = [[], []]
        var open = [output[0], errors[0]]
        while open.contains(where: { $0 >= 0 }) {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else {
                kill(-pid, SIGKILL)
                waitpid(pid, nil, 0)
                return .timedOut
            }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(max(1, remaining.milliseconds)))
            if ready < 0, errno != EINTR { break }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 16_384)
                let count = read(fds[index].fd, &buffer, buffer.count)
                if count > 0 {
                    collected[index] += buffer[0..<count]
                } else if count == 0 || errno != EINTR {
                    open[index] = -1
                }
            }
        }
        var status: Int32 = 0
        while ContinuousClock.now < deadline {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let exited = status & 0x7f == 0
                return .exited(
                    status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output: collected[0],
                    errors: collected[1])
            }
            if reaped < 0 { break }
            usleep(10_000)
        }
        kill(-pid, SIGKILL)
        waitpid(pid, nil, 0)
        return .timedOut
    }
}
