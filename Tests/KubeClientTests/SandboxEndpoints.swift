import CurlTransport
import FleetTesting
import Foundation
import KubeClient
import KubeConfig
import Sandbox

/// A sandbox cluster served over HTTPS, and endpoints that reach it with each kind of credential.
struct SandboxEndpoints {
    let fleet: SandboxFleet
    let folder: TemporaryFolder

    var member: SandboxFleet.Member { fleet.members[0] }
    var server: SandboxServer { member.server }
    var cluster: SandboxCluster { member.cluster }
    var certificateAuthority: Data { Data(cluster.pki.caCertificatePEM.utf8) }

    /// Runs `body` with a fresh one-cluster sandbox, stopping it afterwards.
    static func with(_ body: (SandboxEndpoints) async throws -> Void) async throws {
        let fleet = try await SandboxFleet.start(names: ["sbx"])
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        do {
            try await body(SandboxEndpoints(fleet: fleet, folder: folder))
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
    }

    func endpoint(
        _ credential: Credential, certificateAuthority: Data? = nil, requestTimeout: Duration = .seconds(10),
        execTimeout: Duration = .seconds(5), maxConnections: Int = ClusterEndpoint.defaultMaxConnections
    ) -> ClusterEndpoint {
        ClusterEndpoint(
            name: "sbx", server: server.url, certificateAuthority: certificateAuthority ?? self.certificateAuthority,
            credential: credential, connectTimeout: .seconds(10), requestTimeout: requestTimeout,
            execTimeout: execTimeout, maxConnections: maxConnections)
    }

    var token: Credential { .token(member.adminToken) }

    var certificate: Credential {
        .clientCertificate(
            certificate: Data(member.adminCertificate.certificatePEM.utf8),
            key: Data(member.adminCertificate.keyPEM.utf8))
    }

    func client(_ credential: Credential, maxConnections: Int = ClusterEndpoint.defaultMaxConnections) -> KubeClient {
        KubeClient(transport: CurlTransport(endpoint: endpoint(credential, maxConnections: maxConnections)))
    }

    /// An exec plugin: a shell script with `body`, made executable.
    func plugin(_ name: String, _ body: String) throws -> ExecPlugin {
        let path = try folder.write(name, "#!/bin/sh\n" + body + "\n")
        chmod(path, 0o755)
        return ExecPlugin(
            apiVersion: "client.authentication.k8s.io/v1", command: path, args: [], env: [], provideClusterInfo: false,
            interactiveMode: "Never", installHint: nil)
    }
}
