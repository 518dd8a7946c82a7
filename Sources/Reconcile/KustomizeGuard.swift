import FleetModel
import Foundation

/// What a kustomization may reach before `kubectl kustomize` runs on it: only folders and
/// files of the rendered tree. A remote resource or base (`https://…`, `github.com/…`,
/// `git@…`, `repo//path?ref=…`) or a folder outside the tree is refused — a repository
/// must not make Flotilla fetch from the network or read the host — and kustomize itself
/// runs without a network where Linux allows it (`unshare --net`).
enum KustomizeGuard {
    /// The fields that name other kustomizations or resources.
    static let referencing = ["resources", "bases", "components"]

    /// Throws when the kustomization in `folder`, or one it includes, refers to anything
    /// outside `root` or on the network.
    static func check(_ folder: String, root: String) throws(ReconcileError) {
        var visited = Set<String>()
        try check(folder, root: LocalSourcePolicy.normalized(root), visited: &visited)
    }

    private static func check(_ folder: String, root: String, visited: inout Set<String>) throws(ReconcileError) {
        let here = LocalSourcePolicy.normalized(folder)
        guard visited.insert(here).inserted else { return }
        guard
            let file = ManifestReader.kustomizations.map({ here + "/" + $0 }).first(where: {
                FileManager.default.fileExists(atPath: $0)
            })
        else { return }
        let shown = here == root ? "kustomization" : String(here.dropFirst(root.count + 1)) + "/kustomization"
        let document: JSONValue
        do {
            document =
                try YAMLLoader.load(contentsOf: URL(fileURLWithPath: file), displayPath: shown).first?.value ?? [:]
        } catch {
            throw ReconcileError(error.description)
        }
        for field in referencing {
            for entry in document[field]?.arrayValue ?? [] {
                guard let reference = entry.stringValue ?? entry["path"]?.stringValue else { continue }
                if isRemote(reference, from: here) {
                    throw ReconcileError(
                        "\(shown): \(field) \"\(GitRemote.redacted(reference))\" is remote: Flotilla renders only what "
                            + "the repository holds (vendor it into the repository)")
                }
                let target = LocalSourcePolicy.normalized(reference.hasPrefix("/") ? reference : here + "/" + reference)
                guard target == root || target.hasPrefix(root + "/") else {
                    throw ReconcileError("\(shown): \(field) \"\(reference)\" is outside the repository")
                }
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue {
                    try check(target, root: root, visited: &visited)
                }
            }
        }
    }

    /// Kustomize's remote forms: URLs, `host.tld/owner/repo` (unless `folder` holds such a
    /// folder), scp-like `git@host:path`, `//` subpaths, `?ref=`.
    static func isRemote(_ reference: String, from folder: String) -> Bool {
        if reference.contains("://") || reference.contains("?ref=") || reference.contains("//") { return true }
        if reference.contains("@") && reference.contains(":") { return true }
        let first = reference.split(separator: "/").first.map(String.init) ?? ""
        return first.contains(".") && first != "." && first != ".." && reference.contains("/")
            && !FileManager.default.fileExists(atPath: folder + "/" + first)
    }
}
