import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOSSL
import NIOTLS

/// One accepted TLS connection, set up as kube-apiserver does: ALPN offers `h2` and
/// `http/1.1`; on `h2` every stream gets its own HTTP/1-shaped pipeline (so one
/// `SandboxHTTPHandler` answers one request, whichever protocol carried it), on
/// `http/1.1` or without ALPN the connection is a plain HTTP/1.1 keep-alive one.
enum SandboxConnection {
    /// The protocols offered in ALPN, in kube-apiserver's order of preference.
    static let applicationProtocols = ["h2", "http/1.1"]

    /// Adds TLS and the negotiation that picks the pipeline once the handshake is done.
    static func configure(_ channel: any Channel, tls: NIOSSLContext, cluster: SandboxCluster) throws {
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(NIOSSLServerHandler(context: tls))
        try pipeline.addHandler(
            ApplicationProtocolNegotiationHandler { result, channel in
                // The TLS handshake is over: the client certificate, if any, is known for the whole connection.
                let user = SandboxHTTPHandler.certificateUser(channel)
                let http2 = result == .negotiated("h2")
                cluster.connectionOpened(http2: http2)
                return channel.eventLoop.makeCompletedFuture {
                    if http2 {
                        try configureHTTP2(channel, cluster: cluster, user: user)
                    } else {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(
                            SandboxHTTPHandler(cluster: cluster, certificateUser: user, http2: false))
                    }
                }
            })
    }

    /// The HTTP/2 connection handler and, per stream, the HTTP/2-to-HTTP/1 codec and a request handler.
    private static func configureHTTP2(_ channel: any Channel, cluster: SandboxCluster, user: UserInfo?) throws {
        _ = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
            mode: .server, connectionConfiguration: connectionConfiguration,
            streamConfiguration: streamConfiguration
        ) { stream in
            stream.eventLoop.makeCompletedFuture {
                try stream.pipeline.syncOperations.addHandler(HTTP2FramePayloadToHTTP1ServerCodec())
                try stream.pipeline.syncOperations.addHandler(
                    SandboxHTTPHandler(cluster: cluster, certificateUser: user, http2: true))
            }
        }
    }

    /// kube-apiserver (Go's HTTP/2 server) allows 250 concurrent streams per connection
    /// and a 1 MB upload window; NIO's defaults (100 streams, 64 KB) would make clients
    /// queue or open connections a real server never asks for.
    private static var connectionConfiguration: NIOHTTP2Handler.ConnectionConfiguration {
        var configuration = NIOHTTP2Handler.ConnectionConfiguration()
        configuration.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: 250),
            HTTP2Setting(parameter: .maxHeaderListSize, value: 1 << 20),
            HTTP2Setting(parameter: .initialWindowSize, value: 1 << 20),
        ]
        configuration.targetWindowSize = 1 << 20
        return configuration
    }

    /// Streams cancelled by the client (finished watches, timed-out requests) are routine
    /// here, not an attack: NIO's rapid-reset guard (200 in 30 s) would end busy connections.
    private static var streamConfiguration: NIOHTTP2Handler.StreamConfiguration {
        var configuration = NIOHTTP2Handler.StreamConfiguration()
        configuration.targetWindowSize = 1 << 20
        configuration.streamResetFrameRateLimit.maximumCount = 100_000
        configuration.streamErrorRateLimit.maximumCount = 100_000
        return configuration
    }
}
