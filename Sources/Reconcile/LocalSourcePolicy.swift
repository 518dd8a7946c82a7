import Foundation

/// Which local folders (a `repoURL` that is a path or `file://`) an Application may render:
/// Git content is untrusted, and a fleet file must not point Flotilla at any folder of the host.
public enum LocalSourcePolicy: Sendable, Equatable {
    /// Any folder (library default; tests).
    case anywhere
    /// Only folders under the fleet file's own folder or under one of these (absolute) folders.
    case within([String])

    /// Throws unless `folder` (absolute) may be read for an Application whose fleet file is in `baseDirectory`.
    func check(_ folder: String, baseDirectory: String?, repoURL: String) throws(ReconcileError) {
        guard case .within(let roots) = self else { return }
        let path = Self.normalized(Self.absolute(folder))
        let allowed = (roots + [baseDirectory].compactMap { $0 }).map { Self.normalized(Self.absolute($0)) }
        guard allowed.contains(where: { path == $0 || path.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            throw ReconcileError(
                "repoURL \"\(repoURL)\": local sources must be inside the fleet file's folder or a folder given "
                    + "with --allow-local-sources")
        }
    }

    /// `path` from the current folder when it is relative.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// `path` with `.` and `..` resolved by text (symbolic links are the operator's own).
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
