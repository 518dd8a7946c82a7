import FleetModel
import Foundation

/// Several sandbox clusters on loopback, one port each, and the kubeconfig that reaches them.
public final class SandboxFleet: Sendable {
    /// One running cluster and how to reach it.
    public struct Member: Sendable {
        /// The server.
        public let server: SandboxServer
        /// The admin's bearer token (for token contexts).
        public let adminToken: String
        /// A read-only user's bearer token: every write is 403 Forbidden.
        public let viewerToken: String
        /// The admin's client certificate and key (PEM), CN `admin`, O `system:masters`.
        public let adminCertificate: (certificatePEM: String, keyPEM: String)
        /// Whether the kubeconfig's main context for this cluster uses the certificate (else the token).
        public let usesCertificate: Bool

        /// The cluster.
        public var cluster: SandboxCluster { server.cluster }
    }

    /// The clusters, in the order named.
    public let members: [Member]

    private init(members: [Member]) {
        self.members = members
    }

    /// Starts a cluster per name; even-numbered ones get client-certificate contexts, odd ones token contexts.
    /// With a `stateDirectory`, a cluster saved there by `save(to:)` starts from its saved state.
    /// A cluster listens on its port in `ports` when that one is free, else on any free port.
    public static func start(
        names: [String], options: SandboxOptions = SandboxOptions(), stateDirectory: String? = nil,
        ports: [String: Int] = [:]
    )
        async throws -> SandboxFleet
    {
        var members: [Member] = []
        for (index, name) in names.enumerated() {
            let saved = stateDirectory.flatMap { FileManager.default.contents(atPath: Self.stateFile(name, in: $0)) }
            let cluster: SandboxCluster
            if let saved {
                cluster = try await SandboxCluster.restoring(saved, options: options)
            } else {
                cluster = try SandboxCluster(name: name, options: options)
            }
            let adminToken = await cluster.token(of: "admin") ?? Self.randomToken()
            let viewerToken = await cluster.token(of: "viewer") ?? Self.randomToken()
            await cluster.addToken(adminToken, for: UserInfo(name: "admin", groups: ["system:masters"]))
            await cluster.addToken(viewerToken, for: UserInfo(name: "viewer", groups: ["viewers"], readOnly: true))
            var onSavedPort: SandboxServer?
            if let port = ports[name] { onSavedPort = try? await SandboxServer.start(cluster, port: port) }
            let server: SandboxServer
            if let onSavedPort { server = onSavedPort } else { server = try await SandboxServer.start(cluster) }
            members.append(
                Member(
                    server: server, adminToken: adminToken, viewerToken: viewerToken,
                    adminCertificate: try cluster.pki.clientCertificate(user: "admin", groups: ["system:masters"]),
                    usesCertificate: index % 2 == 0))
        }
        return SandboxFleet(members: members)
    }

    /// A kubeconfig with a context per cluster (named after it) and, unless left out, a
    /// read-only `NAME-viewer` context; `current-context` is the first cluster.
    public func kubeconfig(includingViewers: Bool = true) -> String {
        var clusters: [JSONValue] = []
        var users: [JSONValue] = []
        var contexts: [JSONValue] = []
        for member in members {
            let name = member.cluster.name
            let ca = Data(member.cluster.pki.caCertificatePEM.utf8).base64EncodedString()
            clusters.append([
                "name": .string(name),
                "cluster": ["server": .string(member.server.url), "certificate-authority-data": .string(ca)],
            ])
            let user: JSONValue =
                member.usesCertificate
                ? [
                    "client-certificate-data": .string(
                        Data(member.adminCertificate.certificatePEM.utf8).base64EncodedString()),
                    "client-key-data": .string(Data(member.adminCertificate.keyPEM.utf8).base64EncodedString()),
                ] : ["token": .string(member.adminToken)]
            users.append(["name": .string("\(name)-admin"), "user": user])
            contexts.append([
                "name": .string(name), "context": ["cluster": .string(name), "user": .string("\(name)-admin")],
            ])
            guard includingViewers else { continue }
            users.append(["name": .string("\(name)-viewer"), "user": ["token": .string(member.viewerToken)]])
            contexts.append([
                "name": .string("\(name)-viewer"),
                "context": ["cluster": .string(name), "user": .string("\(name)-viewer")],
            ])
        }
        let config: JSONValue = .object(
            JSONObject([
                ("apiVersion", "v1"), ("kind", "Config"), ("clusters", .array(clusters)), ("users", .array(users)),
                ("contexts", .array(contexts)),
                ("current-context", members.first.map { .string($0.cluster.name) } ?? ""),
            ]))
        return YAMLWriter.document(config)
    }

    /// Saves every cluster's state to `NAME.json` files (0600) in `directory`.
    public func save(to directory: String) async throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for member in members {
            let path = Self.stateFile(member.cluster.name, in: directory)
            let data = await member.cluster.snapshot()
            guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
            else {
                throw SandboxError.cannotSave(path)
            }
        }
    }

    private static func stateFile(_ name: String, in directory: String) -> String {
        (directory as NSString).appendingPathComponent("\(name).json")
    }

    /// Stops every server.
    public func stop() async {
        for member in members { try? await member.server.stop() }
    }

    private static func randomToken() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
