import Hummingbird

/// The JSON API of `flotilla serve` under `/api/v1`: sessions of the dashboard, targets and
/// their actions, clusters, and live events — every route but signing in behind
/// `AuthMiddleware`.
public enum ApiRoutes {
    /// Adds the API to `router`. `secureCookies`: the session cookie is sent only over HTTPS.
    public static func add(
        to router: Router<FleetRequestContext>, backend: any FleetBackend, tokens: any TokenVerifier,
        sessions: SessionStore, secureCookies: Bool
    ) {
        SessionRoutes.add(to: router, tokens: tokens, sessions: sessions, secure: secureCookies)
        let api = router.group("api/v1").add(middleware: AuthMiddleware(tokens: tokens, sessions: sessions))
        TargetRoutes.add(to: api, backend: backend)
        ClusterRoutes.add(to: api, backend: backend)
        EventRoutes.add(to: api, backend: backend)
        TokenRoutes.add(to: api, backend: backend)
        RolloutRoutes.add(to: api, backend: backend)
    }
}
