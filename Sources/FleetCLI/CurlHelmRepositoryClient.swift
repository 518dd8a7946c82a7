import CurlTransport
import Foundation
import KubeClient
import Reconcile

/// Helm repositories over libcurl: one GET per file, no credentials (private repositories
/// come with `flotilla repo add`), redirects not followed, the system's CAs trusted — or only
/// the bundle `SSL_CERT_FILE` names, as OpenSSL's tools read it.
struct CurlHelmRepositoryClient: HelmRepositoryClient {
    /// The CA bundle (PEM) to trust instead of the system's.
    var certificateAuthority: Data?
    /// How long one download may take.
    var timeout: Duration = .seconds(60)

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        certificateAuthority = environment["SSL_CERT_FILE"].flatMap { FileManager.default.contents(atPath: $0) }
    }

    func get(_ url: String, maxBytes: Int) async throws(ReconcileError) -> [UInt8] {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else {
            throw ReconcileError("\(url): not a URL")
        }
        let server = "\(scheme)://\(host.contains(":") ? "[\(host)]" : host)" + (parts.port.map { ":\($0)" } ?? "")
        let transport = CurlTransport(
            endpoint: ClusterEndpoint(
                name: server, server: server, certificateAuthority: certificateAuthority, credential: .token(""),
                requestTimeout: timeout, maxConnections: 2))
        let path = parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath
        let response: KubeResponse
        do {
            response = try await transport.send(KubeRequest(method: "GET", path: path))
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
