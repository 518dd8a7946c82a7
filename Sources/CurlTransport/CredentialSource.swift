import Foundation
import KubeClient
import KubeConfig

/// Hands out the credential a request presents, renewing those that can change:
/// token files are read again every minute (as client-go does) and exec plugins run
/// again when their credential expires; both are renewed at once after a 401.
actor CredentialSource {
    private let endpoint: ClusterEndpoint
    private var cached: (credential: AppliedCredential, expires: Date?)?
    private var renewing: Task<(AppliedCredential, Date?), any Error>?

    init(endpoint: ClusterEndpoint) {
        self.endpoint = endpoint
    }

    /// Whether a 401 may be cured by renewing (token files and exec plugins).
    nonisolated var canRenew: Bool {
        switch endpoint.credential {
        case .tokenFile, .exec: true
        case .token, .clientCertificate: false
        }
    }

    /// The credential to present now.
    func current() async throws(KubeError) -> AppliedCredential {
        switch endpoint.credential {
        case .token(let token): return .bearer(token)
        case .clientCertificate(let certificate, let key): return .certificate(certificate, key: key)
        case .tokenFile, .exec: break
        }
        if let cached, cached.expires.map({ $0 > Date() }) ?? true { return cached.credential }
        let task = renewing ?? Task { try await self.obtain() }
        renewing = task
        do {
            let (credential, expires) = try await task.value
            cached = (credential, expires)
            renewing = nil
            return credential
        } catch {
            renewing = nil
            throw error as? KubeError
                ?? KubeError(.credential, cluster: endpoint.name, message: "no credential: \(error)")
        }
    }

    /// Forgets the cached credential, so the next request obtains a new one.
    func invalidate() {
        cached = nil
    }

    private func obtain() async throws -> (AppliedCredential, Date?) {
        switch endpoint.credential {
        case .tokenFile(let path, _):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw KubeError(
                    .credential, cluster: endpoint.name, message: "cannot read the token file \(path)",
                    hint: "the kubeconfig's tokenFile must exist and be readable")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return (.bearer(token), Date().addingTimeInterval(60))
        case .exec(let plugin):
            let credential = try await ExecCredentialRunner(
                plugin: plugin, cluster: endpoint.name, server: endpoint.server, timeout: endpoint.execTimeout
            ).run()
            return (credential.applied, credential.expires)
        case .token(let token):
            return (.bearer(token), nil)
        case .clientCertificate(let certificate, let key):
            return (.certificate(certificate, key: key), nil)
        }
    }
}
