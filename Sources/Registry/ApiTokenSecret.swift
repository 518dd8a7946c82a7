import Crypto
import Foundation

/// The secret of an API token: `flt_` and 32 bytes from the system's CSPRNG in base64url
/// without padding. Its SHA-256 is all the registry keeps; with 256 bits of entropy a fast
/// hash is enough (a slow one defends guessable passwords, which these are not).
enum ApiTokenSecret {
    static let prefix = "flt_"

    /// A new secret.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }

    /// The SHA-256 of `secret` in lower-case hex, as stored and looked up.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
