import Foundation

/// `[12/100] web-prod@prod` redrawn on standard error while targets finish — only on a
/// terminal; piped output gets nothing extra.
final class ProgressLine: @unchecked Sendable {
    private let total: Int
    private let lock = NSLock()
    private var done = 0
    private let enabled = Terminal.standardError.isInteractive

    init(total: Int) {
        self.total = total
    }

    func advance(_ label: String) {
        guard enabled else { return }
        let count = lock.withLock {
            done += 1
            return done
        }
        Terminal.standardError.write("\r\u{1B}[K[\(count)/\(total)] \(label)")
    }

    func finish() {
        if enabled, total > 0 { Terminal.standardError.write("\r\u{1B}[K") }
    }
}
