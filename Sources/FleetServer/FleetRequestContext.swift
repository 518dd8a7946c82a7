import Hummingbird
import Registry

/// The request context of `flotilla serve`'s routes: who is calling, once `AuthMiddleware`
/// has read their token or session.
public struct FleetRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, when authenticated.
    public var identity: ApiIdentity?

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// The caller, or 401.
    public func caller() throws(ApiError) -> ApiIdentity {
        guard let identity else { throw .unauthorized }
        return identity
    }

    /// The caller when their role is at least `role`, else 403 (401 without a caller).
    public func caller(atLeast role: ApiRole) throws(ApiError) -> ApiIdentity {
        let identity = try caller()
        guard identity.permits(role) else {
            throw .forbidden("token \(identity.name) is a \(identity.role.rawValue); this needs \(role.rawValue)")
        }
        return identity
    }
}
