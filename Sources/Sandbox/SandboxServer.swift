import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One sandbox cluster served over HTTPS on a loopback port, HTTP/2 or HTTP/1.1 as
/// the client negotiates (see `SandboxConnection`).
///
/// A cluster whose faults say `down` stops listening, so connections to it are
/// refused (as with a stopped API server), and listens on the same port again
/// when the fault is lifted.
public final class SandboxServer: Sendable {
    /// The cluster it serves.
    public let cluster: SandboxCluster
    /// The port it listens on.
    public let port: Int
    private let listener: Listener

    private init(cluster: SandboxCluster, port: Int, listener: Listener) {
        self.cluster = cluster
        self.port = port
        self.listener = listener
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
        tls.applicationProtocols = SandboxConnection.applicationProtocols
        let listener = Listener(
            cluster: cluster, context: try NIOSSLContext(configuration: tls), host: host, group: group)
        let boundPort = try await listener.listen(port: port)
        await cluster.observeFaults { _ in Task { try? await listener.follow() } }
        return SandboxServer(cluster: cluster, port: boundPort, listener: listener)
    }

    /// Replaces the cluster's faults and waits until the listener follows them
    /// (a `down` cluster refuses connections once this returns).
    public func setFaults(_ faults: SandboxFaults) async throws {
        await cluster.setFaults(faults)
        try await listener.follow()
    }

    /// Stops listening.
    public func stop() async throws {
        try await listener.close()
    }

    /// The listening socket, open while the cluster is up.
    private actor Listener {
        let cluster: SandboxCluster
        let context: NIOSSLContext
        let host: String
        let group: any EventLoopGroup
        var channel: (any Channel)?
        var port = 0
        var stopped = false
        var transition: Task<Void, any Error>?

        init(cluster: SandboxCluster, context: NIOSSLContext, host: String, group: any EventLoopGroup) {
            self.cluster = cluster
            self.context = context
            self.host = host
            self.group = group
        }

        func listen(port requested: Int) async throws -> Int {
            let context = self.context
            let cluster = self.cluster
            let bound = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try SandboxConnection.configure(channel, tls: context, cluster: cluster)
                    }
                }
                .bind(host: host, port: requested).get()
            guard let boundPort = bound.localAddress?.port else { throw SandboxError.cannotListen }
            channel = bound
            port = boundPort
            return boundPort
        }

        /// Opens or closes the socket to match the cluster's `down` fault; calls that
        /// overlap take turns, so two of them never bind the port at once.
        func follow() async throws {
            let previous = transition
            let next = Task {
                _ = await previous?.result
                try await self.match()
            }
            transition = next
            try await next.value
        }

        private func match() async throws {
            let down = await cluster.faults.down
            if down, let open = channel {
                channel = nil
                try await open.close()
            } else if !down, channel == nil, !stopped {
                _ = try await listen(port: port)
            }
        }

        func close() async throws {
            stopped = true
            try await channel?.close()
            channel = nil
        }
    }
}
