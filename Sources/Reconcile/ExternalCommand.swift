import FleetModel
import Foundation

/// Runs `git` and `kubectl` for rendering, off Swift's cooperative pool.
enum ExternalCommand {
    struct Result: Sendable {
        var status: Int32
        var output: String
        var errorText: String
    }

    /// Runs `executable arguments…` (found on PATH) in `directory`, and waits for it.
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) async -> Result {
        await BlockingWork.run { runBlocking(executable, arguments, in: directory) }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], in directory: String?) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"  // never wait for a password on stdin
        environment["LC_ALL"] = "C"
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return Result(
                status: 127, output: "", errorText: "\(executable) could not start: \(error.localizedDescription)")
        }
        // stderr is drained on its own thread so that neither pipe can fill up and stall the child.
        let errorData = Locked(Data())
        let drained = DispatchSemaphore(value: 0)
        Thread {
            errorData.set(errors.fileHandleForReading.readDataToEndOfFile())
            drained.signal()
        }.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        let errorText = String(decoding: errorData.get(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errorText: errorText)
    }

    /// A value two threads hand over.
    private final class Locked<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value
        init(_ value: Value) { self.value = value }
        func set(_ newValue: Value) { lock.withLock { value = newValue } }
        func get() -> Value { lock.withLock { value } }
    }
}
