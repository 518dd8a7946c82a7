import Foundation
import Reconcile

/// Where `flotilla serve` reads fleet files each cycle: local files and folders, or a folder
/// of a Git repository (`--fleet-repo`), exported afresh at each refresh of that repository.
public enum FleetSource: Sendable, Equatable {
    /// Fleet files and folders on this machine.
    case paths([String])
    /// `path` in `repoURL` at `revision`.
    case repository(repoURL: String, revision: String, path: String)

    /// The repository URL, when the fleet comes from Git.
    public var repoURL: String? {
        if case .repository(let url, _, _) = self { return url }
        return nil
    }

    /// The fleet files to read now: for a repository, its tree at the current commit of
    /// `revision`, unpacked under `workDirectory` by `renderer` (which fetches it).
    func paths(renderer: SourceRenderer, workDirectory: String) async throws -> [String] {
        switch self {
        case .paths(let paths):
            return paths
        case .repository(let url, let revision, let path):
            let checkouts = workDirectory + "/fleet-checkouts"
            let staging = checkouts + "/" + UUID().uuidString
            let commit = try await renderer.export(repoURL: url, revision: revision, into: staging)
            let folder = checkouts + "/" + commit
            if FileManager.default.fileExists(atPath: folder) {
                try? FileManager.default.removeItem(atPath: staging)
            } else {
                try FileManager.default.moveItem(atPath: staging, toPath: folder)
            }
            // Older checkouts are no longer read by anyone.
            for old in (try? FileManager.default.contentsOfDirectory(atPath: checkouts)) ?? [] where old != commit {
                try? FileManager.default.removeItem(atPath: checkouts + "/" + old)
            }
            let relative = try SourceRenderer.checkedPath(path)
            return [relative == "." ? folder : folder + "/" + relative]
        }
    }
}
