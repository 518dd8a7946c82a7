import CurlTransport
import FleetModel
import Foundation
import Generators
import KubeClient
import Reconcile
import Registry

/// From fleet files and the registry to one Application on one cluster, for `diff` and `sync`.
struct TargetResolution {
    /// The Application, where its fleet file lives, and a client of its destination cluster.
    struct Target {
        let application: Application
        let baseDirectory: String
        let cluster: String
        let api: KubeClient
    }

    /// The Applications `paths` expand to (fleet files or folders; `fleets/` by default),
    /// clusters generators selecting from the registry.
    static func applications(paths: [String]) throws -> [GeneratedApplication] {
        let fleet = try FleetLoader.load(paths: paths.isEmpty ? ["fleets"] : paths)
        let clusters = try RegistryAccess.openExisting()?.clusters().map(\.cluster)
        return try FleetExpander(expander: ApplicationSetExpander(clusters: clusters)).applications(of: fleet)
    }

    /// The Application named `name` and its destination cluster from the registry (by
    /// `destination.name`, else `destination.server`); `cluster` must match when given.
    static func target(paths: [String], application name: String, cluster: String?) throws -> Target {
        let generated = try applications(paths: paths).filter { $0.application.name == name }
        guard let found = generated.first else {
            throw CommandFailure("no Application named \"\(name)\" in the fleet files", exitCode: 2)
        }
        let application = found.application
        guard let registry = try RegistryAccess.openExisting() else {
            throw CommandFailure("no clusters registered (flotilla cluster add)", exitCode: 2)
        }
        let records = try registry.clusters()
        let destination = application.destination
        let record =
            destination.name.flatMap { wanted in records.first { $0.name == wanted } }
            ?? destination.server.flatMap { wanted in records.first { $0.server == wanted } }
        guard let record else {
            let named = destination.name.map { "cluster \"\($0)\"" } ?? "server \(destination.server ?? "")"
            throw CommandFailure(
                "Application \(name): its destination \(named) is not registered (flotilla cluster add)", exitCode: 2)
        }
        if let cluster, cluster != record.name {
            throw CommandFailure(
                "Application \(name) is deployed to cluster \"\(record.name)\", not \"\(cluster)\"", exitCode: 2)
        }
        let secrets = try registry.secrets(of: record.name)
        let endpoint = ClusterEndpoint(
            name: record.name, server: record.server, certificateAuthority: secrets.certificateAuthority,
            insecureSkipTLSVerify: record.tls.insecureSkipTLSVerify, tlsServerName: record.tls.serverName,
            proxyURL: record.proxyURL, credential: secrets.credential)
        return Target(
            application: application,
            baseDirectory: (found.origin.location.file as NSString).deletingLastPathComponent, cluster: record.name,
            api: KubeClient(transport: CurlTransport(endpoint: endpoint)))
    }

    /// The renderer with its Git cache under `$FLOTILLA_HOME/repos`.
    static var renderer: SourceRenderer {
        SourceRenderer(cacheDirectory: FlotillaHome.fromEnvironment().path + "/repos")
    }
}
