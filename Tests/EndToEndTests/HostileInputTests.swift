import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Input that tries to exhaust the machine or run what it should not (issue 13,
/// reproductions 4, 5 and 9): an alias bomb, a remote that never answers, an exec plugin
/// path relative to wherever `flotilla` happens to run.
@Suite("Hostile input")
struct HostileInputTests {
    static let aliasBomb = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """

    @Test("a YAML alias bomb fails at once, naming the file, in a small amount of memory")
    func aliasBomb() async throws {
        let session = try FlotillaSession()
        defer { session.remove() }
        let bomb = try session.folder.write("bomb.yaml", Self.aliasBomb)
        // GNU time prints the elapsed seconds and the peak resident set (KiB) last on stderr.
        let result = try await CommandLineTool.run(
            "/usr/bin/time", ["-f", "%e %M", FlotillaProcess.binaryPath, "generate", bomb],
            environment: session.environment)
        #expect(result.status == 1)
        #expect(result.standardError.contains("bomb.yaml:"), "\(result.standardError)")
        #expect(result.standardError.contains("too many nodes"))
        let figures = result.standardError.split(separator: "\n").last?.split(separator: " ") ?? []
        let seconds = Double(figures.first ?? "") ?? .infinity
        let kilobytes = Int(figures.last ?? "") ?? .max
        #expect(kilobytes < 100 * 1024, "peak memory \(kilobytes) KiB")
        #expect(seconds < 10, "\(seconds) s (measured well under 1 s; generous for a loaded machine)")
    }

    /// A TCP port on loopback that takes connections and never says a word.
    final class SilentServer: Sendable {
        let socket: Int32
        let port: Int

        init() throws {
            let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(descriptor, 16) == 0 else {
                close(descriptor)
                throw CocoaError(.fileWriteUnknown)
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            socket = descriptor
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(socket) }
    }

    /// Processes whose command line mentions `text`.
    static func processes(mentioning text: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return line.contains(text) ? line : nil
        }
    }

    @Test("SIGTERM while git waits on a remote that never answers: exit 130 at once, no git left running")
    func stalledRemote() async throws {
        let server = try SilentServer()
        try await FleetHarness.with(["shared"]) { fleet, session in
            try await FleetHarness.register(["shared"], of: fleet, in: session)
            let url = "https://127.0.0.1:\(server.port)/stalled.git"
            let fleetFile = try session.folder.write("fleet.yaml", HostileSourceTests.fleet(repoURL: url))
            let flotilla = BackgroundProcess.flotilla(
                ["sync", fleetFile], environment: session.environment, in: session.folder.path)
            let patience = Date(timeIntervalSinceNow: 30)
            while Self.processes(mentioning: "\(server.port)/stalled").isEmpty, Date() < patience {
                try await Task.sleep(for: .milliseconds(50))
            }
            let signalled = Date()
            await flotilla.signal(SIGTERM)
            let result = try await flotilla.result()
            let seconds = Date().timeIntervalSince(signalled)
            #expect(result.status == 130, "\(result.standardOutput)\(result.standardError)")
            #expect(seconds < 10, "stops at once (measured well under 3 s): \(seconds) s")
            var left = Self.processes(mentioning: "\(server.port)/stalled")
            for _ in 0..<40 where !left.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                left = Self.processes(mentioning: "\(server.port)/stalled")
            }
            #expect(left.isEmpty, "still running: \(left)")
        }
    }

    @Test(
        "an exec plugin named relative to a kubeconfig runs from the kubeconfig's folder, never the current one, and never sees FLOTILLA_KEY"
    )
    func relativePlugin() async throws {
        try await FleetHarness.with(["shared"]) { fleet, session in
            let member = fleet.members[0]
            let trusted = try TemporaryFolder()
            let other = try TemporaryFolder()
            defer { [trusted, other].forEach { $0.remove() } }
            let credential =
                #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"\#(member.adminToken)"}}"#
            try trusted.write("plugin.sh", "#!/bin/sh\nenv > \(trusted.path)/plugin-env\necho '\(credential)'\n")
            try other.write("plugin.sh", "#!/bin/sh\ntouch \(other.path)/wrong-plugin-ran\necho '\(credential)'\n")
            chmod(trusted.path + "/plugin.sh", 0o755)
            chmod(other.path + "/plugin.sh", 0o755)
            let ca = Data(member.cluster.pki.caCertificatePEM.utf8).base64EncodedString()
            try trusted.write(
                "kubeconfig",
                """
                apiVersion: v1
                kind: Config
                clusters: [{name: shared, cluster: {server: '\(member.server.url)', certificate-authority-data: \(ca)}}]
                users: [{name: plugin, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: ./plugin.sh, interactiveMode: Never}}}]
                contexts: [{name: shared, context: {cluster: shared, user: plugin}}]
                """)
            let environment = session.environment.merging(["FLOTILLA_KEY": String(repeating: "44", count: 32)]) { $1 }
            let added = try await CommandLineTool.run(
                FlotillaProcess.binaryPath, ["cluster", "add", "--kubeconfig", "kubeconfig", "shared"],
                environment: environment, in: trusted.path)
            #expect(added.status == 0, "\(added.standardError)")
            let check = try await CommandLineTool.run(
                FlotillaProcess.binaryPath, ["cluster", "check"], environment: environment, in: other.path)
            #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
            #expect(!FileManager.default.fileExists(atPath: other.path + "/wrong-plugin-ran"))
            let pluginEnvironment = try String(contentsOfFile: trusted.path + "/plugin-env", encoding: .utf8)
            #expect(!pluginEnvironment.contains("FLOTILLA_KEY"), "the plugin never sees Flotilla's key")
        }
    }
}
