/// How a pull reaches an OCI registry: anonymously, or logged in with the user name and
/// password stored by `flotilla repo add oci://…`, checking the server's certificate against
/// a stored CA bundle or not at all. Helm's registry client takes both TLS settings at its
/// login (they then hold for the pull too), so they apply to a logged-in pull only. The
/// library backend's worker reads it as JSON on its standard input, never from its arguments
/// or environment.
public struct HelmRegistryAccess: Codable, Sendable, Equatable {
    /// A registry login: HTTP basic authentication (Helm's `registry login`).
    public struct Login: Codable, Sendable, Equatable {
        /// The user name.
        public var username: String
        /// The password or access token given as one.
        public var password: String

        /// A login as `username` with `password`.
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    /// The login before pulling; nil for an anonymous pull.
    public var login: Login?
    /// Accept any server certificate (Argo CD's `--insecure-skip-server-verification`).
    public var insecureSkipTLSVerify: Bool
    /// The PEM CA bundle the server's certificate must chain to, instead of the system's.
    public var certificateAuthority: String?

    /// Access with `login`, checking the server's certificate unless told not to.
    public init(login: Login? = nil, insecureSkipTLSVerify: Bool = false, certificateAuthority: String? = nil) {
        self.login = login
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.certificateAuthority = certificateAuthority
    }

    /// No login, the certificate checked: what a registry without a stored entry gets.
    public static let anonymous = HelmRegistryAccess()

    /// The secrets handed over, to take out of anything Helm says.
    public var secrets: [String] { [login?.password].compactMap { $0 }.filter { !$0.isEmpty } }

    /// `text` with every secret replaced by `***`.
    public func redacted(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// The registry host (`host[:port]`) of a chart reference `oci://host[:port]/path/chart`.
    public static func host(of reference: String) -> String {
        let rest = reference.hasPrefix("oci://") ? reference.dropFirst("oci://".count) : Substring(reference)
        return String(rest.prefix { $0 != "/" })
    }
}
