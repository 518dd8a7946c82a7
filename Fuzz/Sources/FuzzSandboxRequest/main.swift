import FleetModel
import Foundation
import FuzzSupport

@testable import Sandbox

/// The sandbox's request handling: the input's first line is `METHOD URI`, the second a
/// content type, the rest the body; answered by a sandbox cluster as the HTTP layer would.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSandboxRequest(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
    let requestLine = (lines.first ?? "").split(separator: " ", maxSplits: 1)
    guard requestLine.count == 2 else { return 0 }
    let request = APIRequest(
        method: String(requestLine[0]), uri: String(requestLine[1]),
        headers: ["content-type": lines.count > 1 ? String(lines[1]) : "application/json", "user-agent": "fuzz/1"],
        body: Array((lines.count > 2 ? String(lines[2]) : "").utf8),
        user: UserInfo(name: "admin", groups: ["system:masters"]))
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        _ = await SandboxRequestFuzzing.cluster.handle(request)
        done.signal()
    }
    done.wait()
    return 0
}

/// One cluster for the whole run: state built by earlier inputs is part of what is explored.
enum SandboxRequestFuzzing {
    static let cluster: SandboxCluster = {
        guard let cluster = try? SandboxCluster(name: "fuzz", options: SandboxOptions()) else {
            fatalError("the sandbox cluster cannot start")
        }
        return cluster
    }()
}

// SwiftPM gives an executable Swift's main: it hands the inputs to libFuzzer's driver.
runFuzzer(fuzzSandboxRequest)
