import Registry

/// Who a presented token belongs to: nil when it is unknown, revoked or expired. The
/// registry is `flotilla serve`'s; tests use a table in memory.
public protocol TokenVerifier: Sendable {
    /// The identity of `secret`, now.
    func identity(presenting secret: String) throws -> ApiIdentity?
}
