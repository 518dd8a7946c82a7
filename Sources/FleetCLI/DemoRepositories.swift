import ChildProcesses
import FleetModel
import Foundation

/// The example fleets' Git repositories for `flotilla demo`: each folder of `demo/repos`
/// becomes a real repository (one commit, and its release tag where it has one), and git is
/// told through `GIT_CONFIG_*` to fetch `https://git.example.com/platform/NAME.git` from it.
enum DemoRepositories {
    /// Folder name → release tag.
    static let repositories: [(name: String, tag: String?)] = [("gitops", nil), ("addons", "v1.16.2")]

    static func serve(from source: String, in folder: String) async throws {
        var settings: [(key: String, value: String)] = []
        for repository in repositories {
            let path = folder + "/" + repository.name
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.copyItem(atPath: source + "/" + repository.name, toPath: path)
            try await git(path, "init", "--quiet", "--initial-branch=main")
            try await git(path, "add", "--all")
            try await git(
                path, "-c", "user.name=Flotilla demo", "-c", "user.email=demo@flotilla.dev", "commit", "--quiet", "-m",
                "the example's \(repository.name)")
            if let tag = repository.tag { try await git(path, "tag", tag) }
            settings.append(
                ("url.\(path).insteadOf", "https://git.example.com/platform/\(repository.name).git"))
        }
        setenv("GIT_CONFIG_COUNT", String(settings.count), 1)
        for (index, setting) in settings.enumerated() {
            setenv("GIT_CONFIG_KEY_\(index)", setting.key, 1)
            setenv("GIT_CONFIG_VALUE_\(index)", setting.value, 1)
        }
    }

    private static func git(_ repository: String, _ arguments: String...) async throws {
        let outcome = await ChildProcess("git", ["-C", repository] + arguments).run()
        guard case .exited(let status, _, _) = outcome, status == 0 else {
            let why = if case .exited(let status, _, _) = outcome { "exit \(status)" } else { "\(outcome)" }
            throw CommandFailure("git \(arguments.joined(separator: " ")) failed in \(repository) (\(why))")
        }
    }
}
