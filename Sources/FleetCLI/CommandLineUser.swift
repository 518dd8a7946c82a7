import Foundation
import Registry

extension SyncInitiator {
    /// The user running this command, as the history records who asked for a sync.
    static var commandLineUser: SyncInitiator { .user(ProcessInfo.processInfo.userName) }
}
