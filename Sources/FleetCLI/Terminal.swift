import Foundation

/// A buffered writer to standard output or standard error.
final class Terminal: @unchecked Sendable {
    /// Standard output: data only.
    static let standardOutput = Terminal(FileHandle.standardOutput)
    /// Standard error: errors, warnings and progress.
    static let standardError = Terminal(FileHandle.standardError)

    private let handle: FileHandle
    private let lock = NSLock()
    private var buffer = ""
    private static let flushThreshold = 1 << 20

    private init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// Whether it is a terminal (progress lines are drawn only then).
    var isInteractive: Bool { isatty(handle.fileDescriptor) != 0 }

    /// Writes `text`, flushing when a megabyte has gathered.
    func buffered(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        buffer += text
        if buffer.utf8.count >= Self.flushThreshold { flushLocked() }
    }

    /// Writes `text` and flushes.
    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        buffer += text
        flushLocked()
    }

    /// Writes whatever is buffered.
    func flush() {
        lock.lock()
        defer { lock.unlock() }
        flushLocked()
    }

    private func flushLocked() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer.utf8))
        buffer = ""
    }
}
