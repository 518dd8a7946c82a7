import FleetModel
import FleetTesting
import Foundation

/// A local HTTP receiver of notifications for end-to-end tests: a small Python server that
/// writes each POSTed body as one line of a file and answers 200 — or, `hanging`, a socket
/// that takes connections and never answers (a receiver that is down the worst way).
final class NotificationReceiver: Sendable {
    private let process: BackgroundProcess
    private let bodiesPath: String
    /// `http://127.0.0.1:port`, once listening.
    let address: String

    static let script = #"""
        import http.server, os, socket, sys, time
        mode, port_file, bodies = sys.argv[1:4]
        def announce(port):
            with open(port_file + ".tmp", "w") as f:
                f.write(str(port))
            os.rename(port_file + ".tmp", port_file)
        if mode == "hanging":
            listener = socket.socket()
            listener.bind(("127.0.0.1", 0))
            listener.listen(128)
            announce(listener.getsockname()[1])
            while True:
                time.sleep(3600)
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with open(bodies, "ab") as f:
                    f.write(body.replace(b"\n", b" ") + b"\n")
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        announce(server.server_address[1])
        server.serve_forever()
        """#

    /// Starts a receiver in `folder`; `hanging`: one that never answers.
    init(in folder: TemporaryFolder, hanging: Bool = false) async throws {
        let name = "receiver-\(UUID().uuidString.prefix(8))"
        let script = try folder.write("\(name).py", Self.script)
        let portFile = folder.path + "/\(name).port"
        bodiesPath = folder.path + "/\(name).bodies"
        process = BackgroundProcess("python3", [script, hanging ? "hanging" : "recording", portFile, bodiesPath])
        try await ServeProcess.poll("the receiver to listen", within: .seconds(30)) {
            FileManager.default.fileExists(atPath: portFile)
        }
        address = "http://127.0.0.1:" + (try String(contentsOfFile: portFile, encoding: .utf8))
    }

    /// The bodies received so far, parsed.
    var bodies: [JSONValue] {
        let text = (try? String(contentsOfFile: bodiesPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONReader.parse(String($0)) }
    }

    /// `trigger revision` of each body (the test documents' template), in order of arrival.
    var events: [String] {
        bodies.map { "\($0["trigger"]?.stringValue ?? "?") \($0["revision"]?.stringValue ?? "?")" }
    }

    deinit {
        let process = self.process
        Task { await process.signal(SIGKILL) }
    }
}
