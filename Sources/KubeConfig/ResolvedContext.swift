import Foundation

/// Everything needed to reach a cluster through one kubeconfig context, with
/// every file it names already read.
public struct ResolvedContext: Sendable, Equatable {
    /// The context's name.
    public var contextName: String
    /// The cluster entry's name.
    public var clusterName: String
    /// The user entry's name.
    public var userName: String
    /// The file that defined the context.
    public var file: String
    /// The API server URL.
    public var server: String
    /// The CA bundle (PEM), when one is given.
    public var certificateAuthority: Data?
    /// Skip TLS verification: only when the kubeconfig says so.
    public var insecureSkipTLSVerify: Bool
    /// The name to verify the server certificate against, when not the URL's host.
    public var tlsServerName: String?
    /// A proxy to reach the server through.
    public var proxyURL: String?
    /// The context's default namespace.
    public var namespace: String?
    /// How to authenticate.
    public var credential: Credential

    /// A resolved context with the given fields.
    public init(
        contextName: String, clusterName: String, userName: String, file: String, server: String,
        certificateAuthority: Data?, insecureSkipTLSVerify: Bool, tlsServerName: String?, proxyURL: String?,
        namespace: String?, credential: Credential
    ) {
        self.contextName = contextName
        self.clusterName = clusterName
        self.userName = userName
        self.file = file
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.proxyURL = proxyURL
        self.namespace = namespace
        self.credential = credential
    }
}

/// One way to authenticate to a cluster.
public enum Credential: Sendable, Equatable, Codable {
    /// A client certificate and its private key (PEM).
    case clientCertificate(certificate: Data, key: Data)
    /// A bearer token.
    case token(String)
    /// A bearer token read from a file when the cluster was added.
    case tokenFile(path: String, token: String)
    /// An exec credential plugin, run when a token is needed.
    case exec(ExecPlugin)

    /// The kind's name, as stored and shown: `clientCertificate`, `token`, `tokenFile`, `exec`.
    public var kind: String {
        switch self {
        case .clientCertificate: "clientCertificate"
        case .token: "token"
        case .tokenFile: "tokenFile"
        case .exec: "exec"
        }
    }
}

/// An exec credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`).
public struct ExecPlugin: Sendable, Equatable, Codable {
    /// One environment variable for the plugin.
    public struct EnvVar: Sendable, Equatable, Codable {
        /// The variable's name.
        public var name: String
        /// Its value (may be secret).
        public var value: String

        /// A variable.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The `ExecCredential` API version the plugin speaks.
    public var apiVersion: String
    /// The command (a path relative to the kubeconfig is made absolute; a bare name is looked up on `PATH`).
    public var command: String
    /// Its arguments.
    public var args: [String]
    /// Extra environment variables.
    public var env: [EnvVar]
    /// Pass the cluster's details to the plugin in `KUBERNETES_EXEC_INFO`.
    public var provideClusterInfo: Bool
    /// `Never`, `IfAvailable` or `Always`.
    public var interactiveMode: String
    /// Shown when the command is missing.
    public var installHint: String?

    /// A plugin description.
    public init(
        apiVersion: String, command: String, args: [String] = [], env: [EnvVar] = [], provideClusterInfo: Bool = false,
        interactiveMode: String = "IfAvailable", installHint: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.provideClusterInfo = provideClusterInfo
        self.interactiveMode = interactiveMode
        self.installHint = installHint
    }
}
