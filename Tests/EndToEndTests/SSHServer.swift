import FleetTesting
import Foundation

/// A real OpenSSH server (`/usr/sbin/sshd`, Debian's openssh-server) on loopback for
/// private-repository tests: run as the current user on a free port with a host key made
/// for the test, key authentication only, one authorized key; bare repositories under its folder.
struct SSHServer {
    let folder: TemporaryFolder
    let process: BackgroundProcess
    let port: Int
    /// The user git logs in as: the one running the tests.
    let user: String
    /// The private key the server accepts.
    let clientKey: String
    /// A private key it does not accept.
    let otherKey: String
    /// A `known_hosts` file holding the server's host key.
    let knownHosts: String
    /// A `known_hosts` file holding another host's key for the same address.
    let wrongKnownHosts: String

    static let executable = "/usr/sbin/sshd"

    /// Why the server cannot run here, or nil when it can.
    static var unavailableReason: String? {
        FileManager.default.isExecutableFile(atPath: executable)
            ? nil : "\(executable) is missing: install openssh-server (make deps installs it)"
    }

    /// Starts a server whose authorized key is a fresh one.
    static func start() async throws -> SSHServer {
        let folder = try TemporaryFolder()
        for name in ["host", "client", "other", "impostor"] {
            let made = try await CommandLineTool.run(
                "ssh-keygen",
                ["-q", "-t", "ed25519", "-N", "", "-C", "flotilla-test-\(name)", "-f", folder.path + "/\(name)"])
            guard made.status == 0 else {
                throw FleetHarness.HarnessFailure(message: "ssh-keygen: \(made.standardError)")
            }
        }
        let publicKey = { (name: String) in
            try String(contentsOfFile: folder.path + "/\(name).pub", encoding: .utf8)
                .split(separator: " ").prefix(2).joined(separator: " ")
        }
        try FileManager.default.copyItem(atPath: folder.path + "/client.pub", toPath: folder.path + "/authorized_keys")
        chmod(folder.path + "/authorized_keys", 0o600)
        let port = try PrometheusServer.freePort()
        let knownHosts = try folder.write("known_hosts", "[127.0.0.1]:\(port) \(try publicKey("host"))\n")
        let wrongKnownHosts = try folder.write(
            "wrong_known_hosts", "[127.0.0.1]:\(port) \(try publicKey("impostor"))\n")
        let config = try folder.write(
            "sshd_config",
            """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(folder.path)/host
            AuthorizedKeysFile \(folder.path)/authorized_keys
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            PidFile none
            LogLevel ERROR

            """)
        if getuid() == 0 {
            // sshd started by root wants its privilege-separation folder.
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        }
        let process = BackgroundProcess(executable, ["-D", "-e", "-f", config])
        let user = String(cString: getpwuid(getuid()).pointee.pw_name)
        let server = SSHServer(
            folder: folder, process: process, port: port, user: user, clientKey: folder.path + "/client",
            otherKey: folder.path + "/other", knownHosts: knownHosts, wrongKnownHosts: wrongKnownHosts)
        do {
            try await eventually("sshd listening on \(port)") { Self.accepts(port: port) }
        } catch {
            await server.stop()
            throw error
        }
        return server
    }

    /// `repository`'s commits as a bare repository `name` served here; its ssh:// URL.
    func serve(_ repository: GitRepository, as name: String) async throws -> String {
        let cloned = try await CommandLineTool.run(
            "git", ["clone", "--bare", "--quiet", repository.path, folder.path + "/" + name])
        guard cloned.status == 0 else {
            throw FleetHarness.HarnessFailure(message: "git clone: \(cloned.standardError)")
        }
        return "ssh://\(user)@127.0.0.1:\(port)\(folder.path)/\(name)"
    }

    /// Stops the server and removes its files.
    func stop() async {
        await process.signal(SIGTERM)
        _ = try? await process.result()
        folder.remove()
    }

    /// Whether something accepts TCP connections on `port` of 127.0.0.1.
    static func accepts(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }
}
