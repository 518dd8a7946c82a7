import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension ChildProcess {
    /// Reads a started child's output until it ends, and kills its group when it must stop.
    struct Watch {
        let pid: pid_t
        let process: ChildProcess
        let stop: StopSignal
        /// How often (ms) a quiet child is checked for its deadline and for cancellation.
        private static let tickMilliseconds: Int32 = 50

        func collect(from pipes: [Int32]) -> Outcome {
            let clock = ContinuousClock()
            let deadline = process.deadline.map { clock.now + $0 }
            var collected: [[UInt8]] = [[], []]
            var open = pipes
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while open.contains(where: { $0 >= 0 }) {
                if let ended = reasonToStop(deadline, clock) { return killed(ended) }
                var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                let ready = poll(&fds, nfds_t(fds.count), Self.tickMilliseconds)
                if ready < 0, errno != EINTR { break }
                for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                    let count = read(fds[index].fd, &buffer, buffer.count)
                    if count > 0 {
                        collected[index] += buffer[0..<count]
                        if collected[index].count > process.outputLimit { return killed(.outputTooLarge) }
                    } else if count == 0 || errno != EINTR {
                        open[index] = -1
                    }
                }
            }
            // Output closed: the child is exiting (or a grandchild closed it and lingers).
            var status: Int32 = 0
            while true {
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid {
                    kill(-pid, SIGKILL)  // whatever it started and left behind goes with it
                    let exited = status & 0x7f == 0
                    return .exited(
                        status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output: collected[0],
                        errors: collected[1])
                }
                if reaped < 0 { return .failedToStart("\(process.executable): lost track of the process") }
                if let ended = reasonToStop(deadline, clock) { return killed(ended) }
                usleep(10_000)
            }
        }

        private func reasonToStop(_ deadline: ContinuousClock.Instant?, _ clock: ContinuousClock) -> Outcome? {
            if stop.isRaised { return .cancelled }
            if let deadline, clock.now >= deadline { return .timedOut }
            return nil
        }

        /// Kills the child's whole group and reaps the child.
        private func killed(_ outcome: Outcome) -> Outcome {
            kill(-pid, SIGKILL)
            waitpid(pid, nil, 0)
            return outcome
        }
    }
}
