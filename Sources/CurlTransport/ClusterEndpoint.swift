import Foundation
import KubeConfig

/// Everything needed to reach one cluster: where it is, how to trust it, who we are.
public struct ClusterEndpoint: Sendable {
    /// The cluster's name, used in every error message.
    public var name: String
    /// The API server URL: `https://host:port`.
    public var server: String
    /// The CA bundle (PEM) the server's certificate must chain to; nil uses the system's.
    public var certificateAuthority: Data?
    /// Skip verifying the server's certificate (only when the cluster record says so).
    public var insecureSkipTLSVerify: Bool
    /// The name the server's certificate must carry, when it is not the URL's host.
    public var tlsServerName: String?
    /// An HTTP(S) or SOCKS proxy.
    public var proxyURL: String?
    /// Who we are.
    public var credential: Credential
    /// How long connecting (TCP and TLS) may take.
    public var connectTimeout: Duration
    /// How long a whole request may take (watches excepted).
    public var requestTimeout: Duration
    /// How long an exec credential plugin may run.
    public var execTimeout: Duration
    /// Connections to the cluster at most: over HTTP/1.1 also the requests in flight (the
    /// rest wait their turn); HTTP/2 multiplexes them all over one.
    public var maxConnections: Int

    /// The default connection cap: a sync's six requests at once never wait, and a fleet
    /// of clusters does not spend its CPU on TLS handshakes.
    public static let defaultMaxConnections = 6

    /// An endpoint with default timeouts: connect 5 s, request 30 s, exec plugin 10 s.
    public init(
        name: String, server: String, certificateAuthority: Data? = nil, insecureSkipTLSVerify: Bool = false,
        tlsServerName: String? = nil, proxyURL: String? = nil, credential: Credential,
        connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(30),
        execTimeout: Duration = .seconds(10), maxConnections: Int = defaultMaxConnections
    ) {
        self.name = name
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.proxyURL = proxyURL
        self.credential = credential
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.execTimeout = execTimeout
        self.maxConnections = maxConnections
    }
}

extension Duration {
    /// Whole milliseconds, for curl's `_MS` options.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

extension ClusterEndpoint {
    /// The endpoint a resolved kubeconfig context describes, named after the context.
    public init(context: ResolvedContext) {
        self.init(
            name: context.contextName, server: context.server, certificateAuthority: context.certificateAuthority,
            insecureSkipTLSVerify: context.insecureSkipTLSVerify, tlsServerName: context.tlsServerName,
            proxyURL: context.proxyURL, credential: context.credential)
    }
}
