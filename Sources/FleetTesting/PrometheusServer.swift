import ChildProcesses
import FleetModel
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real Prometheus (Debian's `prometheus` binary) for tests: it scrapes one target every
/// second, keeps its data in a temporary folder and answers PromQL queries on a free port of
/// 127.0.0.1. It runs through `ChildProcess`, so stopping it (or cancelling the test) kills it.
public final class PrometheusServer: Sendable {
    /// One series of a query's answer: its labels and value.
    public struct Sample: Sendable, Equatable, CustomStringConvertible {
        /// The series' labels (no `__name__` for aggregations).
        public var labels: [String: String]
        /// The value.
        public var value: Double

        public var description: String {
            "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "} "
                + "\(value)"
        }
    }

    /// Why Prometheus could not be used.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// The port its HTTP API listens on.
    public let port: Int
    /// Its configuration and storage.
    public let folder: TemporaryFolder
    private let run: Task<ChildProcess.Outcome, Never>

    /// The binary: `$PROMETHEUS_BINARY`, else `prometheus` on PATH.
    public static var binary: String? {
        if let path = ProcessInfo.processInfo.environment["PROMETHEUS_BINARY"] { return path }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") + ["/usr/bin"] {
            let candidate = "\(folder)/prometheus"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private init(port: Int, folder: TemporaryFolder, run: Task<ChildProcess.Outcome, Never>) {
        self.port = port
        self.folder = folder
        self.run = run
    }

    /// Starts Prometheus scraping `http://target/metrics` (`target`: `host:port`) every second,
    /// and waits until it is ready (at most `timeout`).
    public static func start(
        scraping target: String, timeout: Duration = .seconds(60)
    ) async throws
        -> PrometheusServer
    {
        guard let binary else { throw Failure(description: "no prometheus binary (make test-deps installs it)") }
        let folder = try TemporaryFolder()
        let config = try folder.write(
            "prometheus.yml",
            """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: flotilla
                metrics_path: /metrics
                static_configs:
                  - targets: ['\(target)']

            """)
        let port = try freePort()
        let child = ChildProcess(
            binary,
            [
                "--config.file=\(config)", "--storage.tsdb.path=\(folder.path)/data",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ], directory: folder.path, outputLimit: 16 << 20)
        let run = Task { await child.run() }
        let server = PrometheusServer(port: port, folder: folder, run: run)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let (status, _) = try? await server.get("/-/ready"), status == 200 { return server }
            try await Task.sleep(for: .milliseconds(200))
        }
        await server.stop()
        throw Failure(description: "prometheus did not become ready on port \(port) within \(timeout)")
    }

    /// Stops Prometheus (its whole process group) and removes its folder.
    public func stop() async {
        run.cancel()
        _ = await run.value
        folder.remove()
    }

    /// The instant vector `promql` evaluates to now.
    public func query(_ promql: String) async throws -> [Sample] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let escaped = promql.addingPercentEncoding(withAllowedCharacters: allowed) ?? promql
        let (status, body) = try await get("/api/v1/query?query=\(escaped)")
        let answer: JSONValue
        do {
            answer = try JSONReader.parse(body)
        } catch {
            throw Failure(
                description: "query \(promql): HTTP \(status), not JSON: \(String(decoding: body, as: UTF8.self))")
        }
        guard status == 200, answer["status"]?.stringValue == "success" else {
            throw Failure(description: "query \(promql): HTTP \(status): \(answer["error"]?.stringValue ?? "")")
        }
        let data = answer["data"] ?? .null
        if data["resultType"]?.stringValue == "scalar", let value = data["result"]?.arrayValue?.last?.stringValue {
            return [Sample(labels: [:], value: Double(value) ?? .nan)]
        }
        return (data["result"]?.arrayValue ?? []).map { series in
            var labels: [String: String] = [:]
            for (key, value) in series["metric"]?.objectValue?.members ?? [] { labels[key] = value.stringValue ?? "" }
            let text = series["value"]?.arrayValue?.last?.stringValue ?? "NaN"
            return Sample(labels: labels, value: Double(text) ?? .nan)
        }
    }

    /// Polls `promql` (every 500 ms, at most `timeout`) until `accept` takes its answer, and
    /// returns that answer; throws with the last answer when time runs out.
    @discardableResult
    public func waitFor(
        _ promql: String, timeout: Duration = .seconds(60), until accept: ([Sample]) -> Bool
    ) async throws -> [Sample] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var last: [Sample] = []
        var lastError = ""
        while clock.now < deadline {
            do {
                last = try await query(promql)
                if accept(last) { return last }
            } catch {
                lastError = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw Failure(
            description: "\(promql) never gave the expected answer within \(timeout); last: \(last) \(lastError)")
    }

    /// `GET path` on the HTTP API: the status and the body.
    public func get(_ path: String) async throws -> (Int, [UInt8]) {
        let port = port
        return try await BlockingWork.run { Result { try HTTPGet.fetch(port: port, path: path) } }.get()
    }

    /// A TCP port nothing listens on now (the kernel's choice for port 0).
    public static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        guard bound == 0 else { throw Failure(description: "bind: errno \(errno)") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard named == 0 else { throw Failure(description: "getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A minimal blocking HTTP/1.0 GET to 127.0.0.1 (Prometheus's API), with a 10 s timeout.
enum HTTPGet {
    static func fetch(port: Int, path: String) throws -> (Int, [UInt8]) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw PrometheusServer.Failure(description: "socket: errno \(errno)") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            throw PrometheusServer.Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)")
        }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw PrometheusServer.Failure(description: "send: errno \(errno)") }
            sent += count
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { break }
            guard count > 0 else { throw PrometheusServer.Failure(description: "recv: errno \(errno)") }
            response += buffer[0..<count]
        }
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = response.indices.first(where: { response[$0...].starts(with: separator) }) else {
            throw PrometheusServer.Failure(description: "GET \(path): no HTTP header in the answer")
        }
        let head = String(decoding: response[..<end], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw PrometheusServer.Failure(description: "GET \(path): bad status line \"\(statusLine)\"")
        }
        return (status, Array(response[(end + separator.count)...]))
    }
}
