import Crypto
import Foundation
import SwiftASN1
import X509

/// The certificates a sandbox serves with and accepts: a CA minted at start, a
/// server certificate for `localhost`/`127.0.0.1`, and client certificates on demand
/// (CN = user, O = groups), as kubeadm-made clusters use them.
public struct SandboxPKI: Sendable {
    /// The CA certificate (PEM): what clients trust.
    public let caCertificatePEM: String
    /// The server certificate (PEM).
    public let serverCertificatePEM: String
    /// The server's private key (PEM).
    public let serverKeyPEM: String
    let caKeyPEM: String
    private let caName: DistinguishedName

    /// Certificates restored from a saved state.
    init(caCertificatePEM: String, caKeyPEM: String, serverCertificatePEM: String, serverKeyPEM: String) throws {
        self.caCertificatePEM = caCertificatePEM
        self.caKeyPEM = caKeyPEM
        self.serverCertificatePEM = serverCertificatePEM
        self.serverKeyPEM = serverKeyPEM
        caName = try Certificate(pemEncoded: caCertificatePEM).subject
    }

    private init(
        caCertificatePEM: String, serverCertificatePEM: String, serverKeyPEM: String, caKeyPEM: String,
        caName: DistinguishedName
    ) {
        self.caCertificatePEM = caCertificatePEM
        self.serverCertificatePEM = serverCertificatePEM
        self.serverKeyPEM = serverKeyPEM
        self.caKeyPEM = caKeyPEM
        self.caName = caName
    }

    /// A new CA named `name`, and a server certificate signed by it.
    public static func mint(name: String = "flotilla-sandbox-ca") throws -> SandboxPKI {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName(name) }
        let now = Date()
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
            },
            issuerPrivateKey: .init(caKey))
        let serverKey = P256.Signing.PrivateKey()
        let server = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: caName, subject: try DistinguishedName { CommonName("kube-apiserver") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([
                    .dnsName("localhost"), .dnsName("kubernetes"), .dnsName("kubernetes.default.svc"),
                    .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                ])
            },
            issuerPrivateKey: .init(caKey))
        return SandboxPKI(
            caCertificatePEM: try ca.serializeAsPEM().pemString,
            serverCertificatePEM: try server.serializeAsPEM().pemString,
            serverKeyPEM: serverKey.pemRepresentation,
            caKeyPEM: caKey.pemRepresentation,
            caName: caName)
    }

    /// A client certificate for `user` in `groups`, valid from `notBefore` for `lifetime`
    /// (a past window makes an expired certificate, for tests).
    public func clientCertificate(
        user: String, groups: [String] = [], notBefore: Date = Date().addingTimeInterval(-3600),
        lifetime: TimeInterval = 365 * 86400
    ) throws -> (certificatePEM: String, keyPEM: String) {
        let caKey = try P256.Signing.PrivateKey(pemRepresentation: caKeyPEM)
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            for group in groups { OrganizationName(group) }
            CommonName(user)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: notBefore, notValidAfter: notBefore.addingTimeInterval(lifetime),
            issuer: caName, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.clientAuth])
            },
            issuerPrivateKey: .init(caKey))
        return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
    }
}
