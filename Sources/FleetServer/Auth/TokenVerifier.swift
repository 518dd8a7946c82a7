import Registry

/// Who a presented token belongs to: nil when it is unknown, revoked or expired. The
/// registry is `flotilla serve`'s; tests use a table in memory.
public protocol TokenVerifier: Sendable {
    /// The identity of `secret`, now.
    func identity(presenting secret: String) throws -> ApiIdentity?
}

extension TokenVerifier {
    /// The identity of `secret`, or the API's answer: 401 when it is unknown, revoked or
    /// expired, 503 when the registry cannot be read.
    func requireIdentity(presenting secret: String) throws(ApiError) -> ApiIdentity {
        let found: ApiIdentity?
        do {
            found = try identity(presenting: secret)
        } catch {
            throw ApiError(.serviceUnavailable, "tokens could not be checked: the registry could not be read")
        }
        guard let found else { throw .unauthorized }
        return found
    }
}
