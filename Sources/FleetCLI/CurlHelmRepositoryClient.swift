import CurlTransport
import Foundation
import KubeClient
import Reconcile

/// Helm repositories over libcurl: one GET per file, redirects not followed, the system's CAs
/// trusted — or only the bundle `SSL_CERT_FILE` names, as OpenSSL's tools read it. A file under
/// a URL stored with `flotilla repo add` (or `add-creds`) is fetched with that entry's
/// password or bearer token and server checks, over https:// only.
struct CurlHelmRepositoryClient: HelmRepositoryClient {
    /// The CA bundle (PEM) to trust instead of the system's.
    var certificateAuthority: Data?
    /// How long one download may take.
    var timeout: Duration = .seconds(60)
    /// The stored credentials, looked up for each file's URL.
    var credentials: RepositoryCredentials

    init(
        environment: [String: String] = ProcessInfo.processInfo.environment, credentials: RepositoryCredentials = .none
    ) {
        certificateAuthority = environment["SSL_CERT_FILE"].flatMap { FileManager.default.contents(atPath: $0) }
        self.credentials = credentials
    }

    func get(_ url: String, maxBytes: Int) async throws(ReconcileError) -> [UInt8] {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else {
            throw ReconcileError("\(url): not a URL")
        }
        let server = "\(scheme)://\(host.contains(":") ? "[\(host)]" : host)" + (parts.port.map { ":\($0)" } ?? "")
        // Credentials never travel over plain http.
        let access = scheme.lowercased() == "https" ? try credentials.access(for: url) : nil
        var token = ""
        var headers: [String: String] = [:]
        switch access?.credential {
        case .bearerToken(let secret): token = secret
        case .basic(let username, let password):
            headers["Authorization"] = "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .sshKey, nil: break
        }
        let transport = CurlTransport(
            endpoint: ClusterEndpoint(
                name: server, server: server,
                certificateAuthority: access?.certificateAuthority.map { Data($0.utf8) } ?? certificateAuthority,
                insecureSkipTLSVerify: access?.insecureSkipServerVerification ?? false, credential: .token(token),
                requestTimeout: timeout, maxConnections: 2))
        let path = parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath
        let response: KubeResponse
        do {
            response = try await transport.send(KubeRequest(method: "GET", path: path, headers: headers))
        } catch {
            throw ReconcileError("\(url): \(error.localizedDescription)")
        }
        guard response.status == 200 else { throw ReconcileError("\(url): the server answered \(response.status)") }
        guard response.body.count <= maxBytes else {
            throw ReconcileError("\(url): larger than \(maxBytes) bytes (--max-render-bytes)")
        }
        return response.body
    }
}
