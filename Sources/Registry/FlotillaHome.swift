import Foundation

/// Flotilla's state folder: `$FLOTILLA_HOME`, by default `~/.flotilla`, holding
/// `flotilla.db` (the registry), `key` (the sealing key) and `repos/` (the Git cache).
public struct FlotillaHome: Sendable, Equatable {
    /// The folder.
    public let path: String

    /// The folder at `path`.
    public init(path: String) {
        self.path = path
    }

    /// `$FLOTILLA_HOME`, else `~/.flotilla`.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> FlotillaHome {
        if let path = environment["FLOTILLA_HOME"], !path.isEmpty { return FlotillaHome(path: path) }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return FlotillaHome(path: (home as NSString).appendingPathComponent(".flotilla"))
    }

    /// The registry database.
    public var databasePath: String { (path as NSString).appendingPathComponent("flotilla.db") }
    /// The sealing key file.
    public var keyPath: String { (path as NSString).appendingPathComponent("key") }

    /// Creates the folder (0700) when missing.
    func ensureExists() throws(RegistryError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .unavailable(path: path, reason: "not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unavailable(path: path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
    }
}
