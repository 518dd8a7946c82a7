import Crypto

/// The checks that make a webhook call authentic; every comparison takes the same time however
/// much of the secret a forger has guessed.
public enum WebhookSignature {
    /// Whether `signature` (hex, optionally after a `sha256=` prefix) is the HMAC-SHA256 of
    /// `body` under `secret`.
    static func isValidHMAC(_ signature: String, body: [UInt8], secret: String, prefix: String? = nil) -> Bool {
        var hex = Substring(signature.trimmingCharacters(in: .whitespaces))
        if let prefix {
            guard hex.lowercased().hasPrefix(prefix) else { return false }
            hex = hex.dropFirst(prefix.count)
        }
        guard let mac = bytes(fromHex: hex), mac.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            mac, authenticating: body, using: SymmetricKey(data: Array(secret.utf8)))
    }

    /// Whether `token` equals `secret`, compared in constant time (over their digests, so that
    /// not even the secret's length shows).
    static func isSameToken(_ token: String, _ secret: String) -> Bool {
        constantTimeEqual(Array(SHA256.hash(data: Array(token.utf8))), Array(SHA256.hash(data: Array(secret.utf8))))
    }

    /// Whether `a` and `b` are equal, looking at every byte whatever the first difference.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// The bytes of a hex string; nil when it is not one.
    static func bytes(fromHex text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The hex HMAC-SHA256 of `body` under `secret`: what a sender puts in its signature header
    /// (after `sha256=` for GitHub and Bitbucket Server); for tests and tools that send webhooks.
    public static func hmacHex(_ body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return mac.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
