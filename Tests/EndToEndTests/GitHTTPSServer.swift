import FleetTesting
import Foundation
import Sandbox

/// `git http-backend` behind an HTTPS server with basic auth and bearer tokens on loopback
/// (`Fixtures/private-repositories/git-https-server.py`), its certificate from a CA made for the test.
struct GitHTTPSServer {
    let folder: TemporaryFolder
    let process: BackgroundProcess
    /// `https://127.0.0.1:<port>`.
    let baseURL: String
    /// The CA bundle the server's certificate chains to.
    let caFile: String
    /// One line per request: method, path, status and the kind of credential offered.
    let logFile: String

    /// Serves the bare repositories it is given, accepting `user`:`password` and `token`.
    static func start(user: String, password: String, token: String) async throws -> GitHTTPSServer {
        let folder = try TemporaryFolder()
        let pki = try SandboxPKI.mint(name: "git-https-ca")
        let cert = try folder.write("tls/server.pem", pki.serverCertificatePEM)
        let key = try folder.write("tls/server-key.pem", pki.serverKeyPEM)
        let caFile = try folder.write("tls/ca.pem", pki.caCertificatePEM)
        try FileManager.default.createDirectory(atPath: folder.path + "/git", withIntermediateDirectories: true)
        let script = Fixtures.folder() + "/private-repositories/git-https-server.py"
        let portFile = folder.path + "/port"
        let logFile = folder.path + "/requests.log"
        let process = BackgroundProcess(
            "python3", [script, folder.path + "/git", cert, key, portFile, logFile],
            environment: ["SERVER_USER": user, "SERVER_PASSWORD": password, "SERVER_TOKEN": token])
        try await eventually("the git HTTPS server listening") { FileManager.default.fileExists(atPath: portFile) }
        let port = try String(contentsOfFile: portFile, encoding: .utf8)
        return GitHTTPSServer(
            folder: folder, process: process, baseURL: "https://127.0.0.1:\(port)", caFile: caFile, logFile: logFile)
    }

    /// `repository`'s commits as a bare repository `name` served here; its URL.
    func serve(_ repository: GitRepository, as name: String) async throws -> String {
        let cloned = try await CommandLineTool.run(
            "git", ["clone", "--bare", "--quiet", repository.path, folder.path + "/git/" + name])
        guard cloned.status == 0 else {
            throw FleetHarness.HarnessFailure(message: "git clone: \(cloned.standardError)")
        }
        return baseURL + "/" + name
    }

    /// The requests served so far, one line each.
    var requests: [String] {
        ((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Stops the server and removes its files.
    func stop() async {
        await process.signal(SIGTERM)
        _ = try? await process.result()
        folder.remove()
    }
}
