import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One sandbox cluster served over HTTPS on a loopback port.
public final class SandboxServer: Sendable {
    /// The cluster it serves.
    public let cluster: SandboxCluster
    /// The port it listens on.
    public let port: Int
    private let channel: any Channel

    private init(cluster: SandboxCluster, port: Int, channel: any Channel) {
        self.cluster = cluster
        self.port = port
        self.channel = channel
    }

    /// The API server URL.
    public var url: String { "https://127.0.0.1:\(port)" }

    /// Serves `cluster` on `host:port` (port 0 picks a free one).
    public static func start(
        _ cluster: SandboxCluster, host: String = "127.0.0.1", port: Int = 0,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> SandboxServer {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(cluster.pki.serverCertificatePEM.utf8)).map {
                .certificate($0)
            },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(cluster.pki.serverKeyPEM.utf8), format: .pem)))
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(cluster.pki.caCertificatePEM.utf8)))
        tls.certificateVerification = .optionalVerification
        let context = try NIOSSLContext(configuration: tls)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(SandboxHTTPHandler(cluster: cluster))
                }
            }
            .bind(host: host, port: port).get()
        guard let boundPort = channel.localAddress?.port else { throw SandboxError.cannotListen }
        return SandboxServer(cluster: cluster, port: boundPort, channel: channel)
    }

    /// Stops listening.
    public func stop() async throws {
        try await channel.close()
    }
}

/// Errors starting a sandbox.
public enum SandboxError: Error, Sendable {
    /// The server could not bind its port.
    case cannotListen
    /// A saved state file does not hold a sandbox cluster.
    case damagedState
    /// The state file could not be written.
    case cannotSave(String)
}
