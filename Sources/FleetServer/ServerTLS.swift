import NIOSSL

/// The HTTPS settings of `flotilla serve` (`--tls-cert`, `--tls-key`).
public enum ServerTLS {
    /// Why the certificate or key cannot be used; names the file, never its content.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// A server configuration from a PEM certificate chain and a PEM private key.
    public static func load(certificateFile: String, keyFile: String) throws(Failure) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw Failure(description: "--tls-cert \(certificateFile): not a readable PEM certificate (\(error))")
        }
        guard !chain.isEmpty else { throw Failure(description: "--tls-cert \(certificateFile): no certificate in it") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw Failure(description: "--tls-key \(keyFile): not a readable PEM private key")
        }
        return TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }
}
