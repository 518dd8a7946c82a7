import FleetTesting
import Foundation
import Sandbox

/// A Helm repository served over HTTPS on loopback by a real HTTP server (Python's
/// `http.server` under TLS, with a certificate of a CA made for the test): an `index.yaml`
/// and one `.tgz` archive per chart version, made with `tar`.
struct HelmRepositoryServer {
    let folder: TemporaryFolder
    let process: BackgroundProcess
    /// `https://127.0.0.1:<port>/charts`.
    let url: String
    /// The CA bundle to trust (for `SSL_CERT_FILE`).
    let caFile: String

    /// Serves `charts`: chart name → (version → files of the chart, relative to its folder);
    /// with `basicAuth`, only to requests carrying that user name and password.
    static func start(
        _ charts: [String: [String: [String: String]]], basicAuth: (user: String, password: String)? = nil
    ) async throws -> HelmRepositoryServer {
        let folder = try TemporaryFolder()
        let pki = try SandboxPKI.mint(name: "helm-repository-ca")
        let cert = try folder.write("tls/server.pem", pki.serverCertificatePEM)
        let key = try folder.write("tls/server-key.pem", pki.serverKeyPEM)
        let caFile = try folder.write("tls/ca.pem", pki.caCertificatePEM)
        var index = "apiVersion: v1\nentries:\n"
        for (chart, versions) in charts.sorted(by: { $0.key < $1.key }) {
            index += "  \(chart):\n"
            for (version, files) in versions.sorted(by: { $0.key < $1.key }) {
                let source = "build/\(chart)-\(version)"
                for (path, contents) in files { try folder.write("\(source)/\(chart)/\(path)", contents) }
                let archive = "\(folder.path)/www/charts/\(chart)-\(version).tgz"
                try FileManager.default.createDirectory(
                    atPath: folder.path + "/www/charts", withIntermediateDirectories: true)
                let packed = try await CommandLineTool.run(
                    "tar", ["-czf", archive, "-C", "\(folder.path)/\(source)", chart])
                guard packed.status == 0 else {
                    throw FleetHarness.HarnessFailure(message: "tar: \(packed.standardError)")
                }
                let digest = try await CommandLineTool.run("sha256sum", [archive]).standardOutput.prefix(64)
                index += "  - version: \(version)\n    urls: [\(chart)-\(version).tgz]\n    digest: \(digest)\n"
                try await publishToRegistry(chart, version, archive: archive, digest: String(digest), in: folder)
            }
        }
        try folder.write("www/charts/index.yaml", index)
        let script = Fixtures.folder() + "/helm-repository-server.py"
        let portFile = folder.path + "/port"
        let process = BackgroundProcess(
            "python3", [script, folder.path + "/www", cert, key, portFile],
            environment: basicAuth.map {
                ["HELM_BASIC_AUTH": Data("\($0.user):\($0.password)".utf8).base64EncodedString()]
            } ?? [:])
        try await eventually("the HTTPS server listening") { FileManager.default.fileExists(atPath: portFile) }
        let port = try String(contentsOfFile: portFile, encoding: .utf8)
        return HelmRepositoryServer(
            folder: folder, process: process, url: "https://127.0.0.1:\(port)/charts", caFile: caFile)
    }

    /// The same archive as an OCI artifact under `/v2/charts/<chart>` (Helm's media types), for `oci://`.
    private static func publishToRegistry(
        _ chart: String, _ version: String, archive: String, digest: String, in folder: TemporaryFolder
    ) async throws {
        let base = "www/v2/charts/\(chart)"
        let size = try FileManager.default.attributesOfItem(atPath: archive)[.size] as? Int ?? 0
        let config = "{\"apiVersion\":\"v2\",\"name\":\"\(chart)\",\"version\":\"\(version)\"}"
        let configFile = try folder.write("\(base)/blobs/config-\(version)", config)
        let configDigest = try await CommandLineTool.run("sha256sum", [configFile]).standardOutput.prefix(64)
        try FileManager.default.moveItem(
            atPath: configFile, toPath: folder.path + "/\(base)/blobs/sha256:\(configDigest)")
        try FileManager.default.copyItem(atPath: archive, toPath: folder.path + "/\(base)/blobs/sha256:\(digest)")
        try folder.write(
            "\(base)/manifests/\(version)",
            """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
            "config":{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"sha256:\(configDigest)",\
            "size":\(config.utf8.count)},\
            "layers":[{"mediaType":"application/vnd.cncf.helm.chart.content.v1.tar+gzip","digest":"sha256:\(digest)",\
            "size":\(size)}]}
            """)
        let tags = (try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/\(base)/manifests")) ?? []
        try folder.write(
            "\(base)/tags/list",
            "{\"name\":\"charts/\(chart)\",\"tags\":[\(tags.sorted().map { "\"\($0)\"" }.joined(separator: ","))]}")
    }

    /// `oci://127.0.0.1:<port>/charts`.
    var registry: String { url.replacingOccurrences(of: "https://", with: "oci://") }

    /// Stops the server and removes its files.
    func stop() async {
        await process.signal(SIGTERM)
        _ = try? await process.result()
        folder.remove()
    }
}
