import Crypto
import Foundation

/// Seals and opens registry secrets with AES-GCM. Each sealed value is bound to
/// its purpose (the cluster's name), so a sealed blob copied to another row does not open.
struct Sealer: Sendable {
    let registryKey: RegistryKey

    func seal(_ plaintext: Data, for purpose: String) throws(RegistryError) -> Data {
        do {
            let box = try AES.GCM.seal(plaintext, using: registryKey.key, authenticating: Data(purpose.utf8))
            guard let combined = box.combined else { throw RegistryError.database("cannot seal a credential") }
            return combined
        } catch {
            throw .database("cannot seal a credential")
        }
    }

    func open(_ sealed: Data, for purpose: String) throws(RegistryError) -> Data {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return try AES.GCM.open(box, using: registryKey.key, authenticating: Data(purpose.utf8))
        } catch {
            throw .wrongKey(source: registryKey.source, database: registryKey.database)
        }
    }
}
