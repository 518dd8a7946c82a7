import Foundation
import Sandbox

/// The ports of `flotilla sandbox --state DIR`'s clusters, kept in `DIR/ports` (JSON; the
/// clusters' files are `NAME.json`, so no name collides), so that a restart serves each
/// cluster on the port it had: the kubeconfig and the registered clusters stay right (a port taken meanwhile is replaced by a free one, and said so).
struct SandboxPorts {
    /// The state folder, or nil (no state kept: any free ports).
    let stateDirectory: String?

    private var file: String? { stateDirectory.map { ($0 as NSString).appendingPathComponent("ports") } }

    /// The ports saved by the last run, by cluster name; none without a state folder or file.
    func saved() -> [String: Int] {
        guard let file, let data = FileManager.default.contents(atPath: file) else { return [:] }
        return (try? JSONDecoder().decode([String: Int].self, from: data)) ?? [:]
    }

    /// Records the ports `fleet` listens on, warning about clusters that could not have theirs back.
    func save(_ fleet: SandboxFleet) throws {
        guard let stateDirectory, let file else { return }
        let before = saved()
        var ports: [String: Int] = [:]
        for member in fleet.members {
            ports[member.cluster.name] = member.server.port
            if let old = before[member.cluster.name], old != member.server.port {
                Terminal.standardError.write(
                    "warning: cluster \(member.cluster.name): port \(old) is taken; now on \(member.server.port) "
                        + "(flotilla cluster add --replace updates the registry)\n")
            }
        }
        try FileManager.default.createDirectory(
            atPath: stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(ports).write(to: URL(fileURLWithPath: file))
    }
}
