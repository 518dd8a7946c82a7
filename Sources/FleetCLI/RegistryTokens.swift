import FleetServer
import Foundation
import Registry

/// The API's tokens as the registry keeps them (`flotilla token`), checked at each request.
struct RegistryTokens: TokenVerifier {
    let registry: Registry

    func identity(presenting secret: String) throws -> ApiIdentity? {
        try registry.identity(presenting: secret, now: Date())
    }
}
