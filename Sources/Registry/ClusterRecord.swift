import FleetModel
import Foundation

/// A registered cluster, as every command but a cluster call sees it: no secrets.
public struct ClusterRecord: Sendable, Equatable {
    /// The unique name fleet files and commands use.
    public var name: String
    /// The API server URL.
    public var server: String
    /// The Argo CD project the cluster belongs to, or empty.
    public var project: String
    /// Labels fleet files select by.
    public var labels: [String: String]
    /// Free-form annotations.
    public var annotations: [String: String]
    /// How the server is verified.
    public var tls: TLSSettings
    /// A proxy to reach the server through.
    public var proxyURL: String?
    /// The kubeconfig context's default namespace.
    public var namespace: String?
    /// What kind of credential is sealed, and its non-secret details.
    public var credential: CredentialSummary
    /// The kubeconfig file and context it was added from.
    public var source: Source
    /// When it was added.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// TLS settings, without the CA bundle itself.
    public struct TLSSettings: Sendable, Equatable, Codable {
        /// A CA bundle is sealed with the credentials.
        public var hasCertificateAuthority: Bool
        /// Verification is off: only when the kubeconfig said so.
        public var insecureSkipTLSVerify: Bool
        /// The name to verify the server certificate against.
        public var serverName: String?
    }

    /// Where a cluster was registered from.
    public struct Source: Sendable, Equatable, Codable {
        /// The kubeconfig file.
        public var file: String
        /// The context in it.
        public var context: String
    }

    /// The cluster as generators see it.
    public var cluster: Cluster {
        Cluster(name: name, server: server, project: project, labels: labels, annotations: annotations)
    }
}

/// The non-secret part of a credential: enough to show what is registered.
public struct CredentialSummary: Sendable, Equatable, Codable {
    /// `clientCertificate`, `token`, `tokenFile` or `exec`.
    public var kind: String
    /// The token file a `tokenFile` credential was read from.
    public var tokenFile: String?
    /// The exec plugin's command.
    public var command: String?
    /// The exec plugin's API version.
    public var apiVersion: String?
    /// The names (not values) of the exec plugin's environment variables.
    public var envNames: [String]?

    init(kind: String, tokenFile: String?, command: String?, apiVersion: String?, envNames: [String]?) {
        self.kind = kind
        self.tokenFile = tokenFile
        self.command = command
        self.apiVersion = apiVersion
        self.envNames = envNames
    }

    init(_ credential: KubeConfigCredential) {
        kind = credential.kind
        switch credential {
        case .tokenFile(let path, _):
            tokenFile = path
        case .exec(let plugin):
            command = plugin.command
            apiVersion = plugin.apiVersion
            envNames = plugin.env.map(\.name)
        case .clientCertificate, .token:
            break
        }
    }
}

/// What is sealed for a cluster: the CA bundle and the credential.
public struct ClusterSecrets: Sendable, Equatable, Codable {
    /// The CA bundle (PEM), when the kubeconfig gave one.
    public var certificateAuthority: Data?
    /// The credential.
    public var credential: KubeConfigCredential
}
