import CurlTransport
import FleetTesting
import Foundation
import Testing

/// `CurlPost` against a real local HTTP server (Python's http.server): what a hostile or
/// broken receiver can and cannot make it do.
@Suite("CurlPost: one bounded JSON POST")
struct CurlPostTests {
    static let server = #"""
        import http.server, os, sys
        port_file, hits = sys.argv[1:3]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with open(hits, "a") as f:
                    f.write("%s %s %s\n" % (self.path, self.headers.get("Content-Type"), body.decode()))
                if self.path == "/redirect":
                    self.send_response(307)
                    self.send_header("Location", "/elsewhere")
                    self.end_headers()
                elif self.path == "/big":
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(b"x" * 1000000)
                elif self.path == "/slow":
                    import time
                    time.sleep(5)
                else:
                    self.send_response(int(self.path.strip("/") or "200"))
                    self.end_headers()
                    self.wfile.write(b"ok")
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        with open(port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.rename(port_file + ".tmp", port_file)
        server.serve_forever()
        """#

    /// Runs `body` with the server's `http://127.0.0.1:port` and the lines it logged so far.
    static func withServer(_ body: (String, () -> [String]) async throws -> Void) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let script = try folder.write("server.py", server)
        let portFile = folder.path + "/port"
        let hits = folder.path + "/hits"
        let process = BackgroundProcess("python3", [script, portFile, hits])
        defer { Task { await process.signal(SIGKILL) } }
        try await eventually("the server to listen", within: .seconds(30)) {
            FileManager.default.fileExists(atPath: portFile)
        }
        let address = "http://127.0.0.1:" + (try String(contentsOfFile: portFile, encoding: .utf8))
        try await body(address) {
            ((try? String(contentsOfFile: hits, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    @Test("the body arrives as JSON; the status comes back; a redirect is not followed")
    func posts() async throws {
        try await Self.withServer { address, hits in
            let poster = CurlPost()
            #expect(
                await poster.post(Array(#"{"a":1}"#.utf8), to: address + "/200")
                    == .answered(status: 200, body: Array("ok".utf8)))
            #expect(await poster.post([], to: address + "/503") == .answered(status: 503, body: Array("ok".utf8)))
            #expect(await poster.post(Array("{}".utf8), to: address + "/redirect") == .answered(status: 307, body: []))
            #expect(
                hits() == [
                    #"/200 application/json {"a":1}"#, "/503 application/json ", "/redirect application/json {}",
                ])
        }
    }

    @Test("an answer is kept up to its bound; a receiver that hangs ends at the timeout; only http and https")
    func bounds() async throws {
        try await Self.withServer { address, _ in
            let poster = CurlPost(connectTimeout: .seconds(2), timeout: .seconds(1), maximumResponse: 1024)
            guard case .answered(200, let body) = await poster.post([], to: address + "/big") else {
                Issue.record("no answer")
                return
            }
            #expect(body.count == 1024)
            let clock = ContinuousClock()
            let started = clock.now
            guard case .failed(let reason) = await poster.post([], to: address + "/slow") else {
                Issue.record("a hanging receiver answered")
                return
            }
            #expect(clock.now - started < .seconds(4), "ended by the 1 s timeout")
            #expect(reason.contains("Timeout"), "\(reason)")
            #expect(
                await poster.post([], to: "file:///etc/passwd") == .failed("only http and https URLs are posted to"))
            #expect(await poster.post([], to: "http://127.0.0.1:1/x") == .failed("Couldn't connect to server"))
        }
    }
}
