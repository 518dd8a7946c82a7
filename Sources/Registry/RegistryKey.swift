import Crypto
import Foundation

/// The key that seals registry credentials: `$FLOTILLA_KEY` (base64 or hex), else the
/// 32 bytes of `$FLOTILLA_HOME/key`, made (0600) on first use of a fresh registry.
struct RegistryKey: Sendable {
    /// The 32 key bytes (kept as bytes: `SymmetricKey` is not `Sendable`).
    private let bytes: Data
    /// Where the key came from, for messages: `FLOTILLA_KEY` or the key file's path.
    let source: String
    /// The database whose credentials it is meant to open, for messages.
    let database: String

    /// The key for AES-GCM.
    var key: SymmetricKey { SymmetricKey(data: bytes) }

    private init(bytes: Data, source: String, database: String) {
        self.bytes = bytes
        self.source = source
        self.database = database
    }

    /// The key of `home`; `mayCreate` allows making a new key file when there is none.
    static func load(
        home: FlotillaHome, environment: [String: String], mayCreate: Bool
    ) throws(RegistryError) -> RegistryKey {
        if let text = environment["FLOTILLA_KEY"], !text.isEmpty {
            guard let bytes = decode(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw .malformedKey(source: "FLOTILLA_KEY")
            }
            return RegistryKey(bytes: bytes, source: "FLOTILLA_KEY", database: home.databasePath)
        }
        if let bytes = FileManager.default.contents(atPath: home.keyPath) {
            guard bytes.count == 32 else { throw .malformedKey(source: home.keyPath) }
            return RegistryKey(bytes: bytes, source: home.keyPath, database: home.databasePath)
        }
        guard mayCreate else { throw .missingKey(keyFile: home.keyPath) }
        return RegistryKey(bytes: try create(at: home.keyPath), source: home.keyPath, database: home.databasePath)
    }

    private static func decode(_ text: String) -> Data? {
        if text.count == 64, let bytes = hex(text) { return bytes }
        if let bytes = Data(base64Encoded: text), bytes.count == 32 { return bytes }
        return nil
    }

    private static func hex(_ text: String) -> Data? {
        var bytes = Data(capacity: text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// Writes 32 random bytes to a private temporary file and links it into place, so
    /// concurrent processes agree on one key: whoever links second reads the winner's.
    private static func create(at path: String) throws(RegistryError) -> Data {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw .unavailable(path: path, reason: "cannot create the key file") }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        defer { unlink(temporary) }
        guard written == bytes.count else { throw .unavailable(path: path, reason: "cannot write the key file") }
        if link(temporary, path) == 0 { return bytes }
        guard errno == EEXIST, let existing = FileManager.default.contents(atPath: path), existing.count == 32 else {
            throw .unavailable(path: path, reason: "cannot create the key file")
        }
        return existing
    }
}
