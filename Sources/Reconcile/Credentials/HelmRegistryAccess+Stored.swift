import HelmNative

extension HelmRegistryAccess {
    /// The access a pull from the OCI registry `registry` gets from what `flotilla repo add`
    /// stored for it: a user name and password log in (with the entry's CA bundle or
    /// insecure flag); no entry is an anonymous pull. A bearer token or an SSH key cannot log
    /// in to a registry, and Helm's registry client takes TLS settings only at a login: such
    /// an entry is an error rather than silently ignored.
    init(_ stored: RepositoryAccess?, registry: String) throws(ReconcileError) {
        guard let stored else {
            self = .anonymous
            return
        }
        switch stored.credential {
        case nil:
            if stored.certificateAuthority != nil || stored.insecureSkipServerVerification {
                throw ReconcileError(
                    "\(registry): the server checks stored for this OCI registry need a login (Helm's registry client takes them when it logs in); store it with --username and --password-stdin"
                )
            }
            self = .anonymous
        case .basic(let username, let password):
            self.init(
                login: Login(username: username, password: password),
                insecureSkipTLSVerify: stored.insecureSkipServerVerification,
                certificateAuthority: stored.certificateAuthority)
        case .bearerToken, .sshKey:
            throw ReconcileError(
                "\(registry): an OCI registry takes a user name and password (flotilla repo add --username --password-stdin), not the credential stored for it"
            )
        }
    }
}
