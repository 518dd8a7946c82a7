import Foundation

/// Finds `libhelm_c.so`: `$FLOTILLA_HELM_LIBRARY`; else the helm-python-sdk that `make helm`
/// installs in `.tools/` (in a folder above the running `flotilla`); else one installed for
/// Python (`$PYTHONPATH`, the user's and the system's site-packages).
struct HelmLibraryLocator {
    var environment: [String: String]
    var executable: String

    static let relativePath = "helm_python/lib/libhelm_c.so"

    /// The library's path, when one exists.
    func library() -> String? {
        if let named = environment["FLOTILLA_HELM_LIBRARY"], !named.isEmpty {
            return FileManager.default.fileExists(atPath: named) ? named : nil
        }
        return candidates().first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Where to look, in order.
    func candidates() -> [String] {
        var folders: [String] = []
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            folders.append(folder.appendingPathComponent(".tools").path)
            folder = folder.deletingLastPathComponent()
        }
        folders += (environment["PYTHONPATH"] ?? "").split(separator: ":").map(String.init)
        let home = environment["HOME"] ?? NSHomeDirectory()
        folders += Self.pythonFolders(under: home + "/.local/lib", suffix: "site-packages")
        folders += Self.pythonFolders(under: "/usr/local/lib", suffix: "dist-packages")
        folders += Self.pythonFolders(under: "/usr/local/lib", suffix: "site-packages")
        folders += ["/usr/lib/python3/dist-packages"]
        return folders.map { "\($0)/\(Self.relativePath)" }
    }

    /// `…/python3.X/<suffix>` folders under `root`, newest first.
    static func pythonFolders(under root: String, suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { $0.hasPrefix("python3") }.sorted(by: >).map { "\(root)/\($0)/\(suffix)" }
    }

    /// The release in a versioned sibling's name (`libhelm_c.so.0.2.2` → `0.2.2`), when there is one.
    static func version(of library: String) -> String? {
        let folder = (library as NSString).deletingLastPathComponent
        let base = (library as NSString).lastPathComponent + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix(base) }.map { String($0.dropFirst(base.count)) }
            .filter { $0.split(separator: ".").count == 3 }.first
    }

    /// The first executable `name` in the `PATH` folders `path`.
    static func firstExecutable(_ name: String, in path: String) -> String? {
        path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
