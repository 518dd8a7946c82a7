import Crypto
import Foundation
import Synchronization

/// The dashboard's sign-ins, in memory: a random session id (the HttpOnly cookie) for the
/// token presented, with the CSRF token every action must echo. The token itself is kept (in
/// this process only) so that each request checks it again: a revoked or expired token ends
/// its sessions at once. Sessions end after `lifetime`, or on sign-out; a restart ends them all.
public final class SessionStore: Sendable {
    /// One sign-in.
    public struct Session: Sendable {
        /// The token signed in with.
        public var token: String
        /// What actions must send in `X-CSRF-Token`.
        public var csrfToken: String
        /// When it ends.
        public var expiresAt: Date
    }

    private let sessions = Mutex<[String: Session]>([:])
    private let lifetime: TimeInterval
    private let now: @Sendable () -> Date

    /// A store whose sessions last `lifetime`.
    public init(lifetime: Duration = .seconds(12 * 3600), now: @escaping @Sendable () -> Date = { Date() }) {
        self.lifetime = Double(lifetime.components.seconds)
        self.now = now
    }

    /// A new session for `token`: its id and the session.
    public func open(token: String) -> (id: String, session: Session) {
        let id = Self.randomToken()
        let session = Session(token: token, csrfToken: Self.randomToken(), expiresAt: now() + lifetime)
        let time = now()
        sessions.withLock { all in
            all = all.filter { $0.value.expiresAt > time }
            all[id] = session
        }
        return (id, session)
    }

    /// The live session `id`, if any.
    public func session(_ id: String) -> Session? {
        let time = now()
        return sessions.withLock { all in
            guard let session = all[id] else { return nil }
            guard session.expiresAt > time else {
                all[id] = nil
                return nil
            }
            return session
        }
    }

    /// Ends session `id`.
    public func close(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// 32 random bytes, base64url without padding.
    static func randomToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
