import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One `flotilla serve` per registry: an exclusive lock on `serve.lock` in `$FLOTILLA_HOME`,
/// holding the owner's pid, released when the process ends (however it ends, kill -9 too).
struct ServeLock: ~Copyable {
    private let descriptor: Int32

    /// Takes the lock of the registry in `home`, or fails naming the pid that holds it.
    init(home: String) throws {
        let path = home + "/serve.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CommandFailure("cannot open \(path): \(String(cString: strerror(errno)))", exitCode: 2)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &buffer, buffer.count, 0)
            close(descriptor)
            let pid = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw CommandFailure(
                "another flotilla serve (pid \(pid.isEmpty ? "unknown" : pid)) is already running on the registry in \(home)",
                exitCode: 2)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
