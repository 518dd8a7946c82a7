import FleetModel
import FleetTesting
import Foundation
import Sandbox
import Testing

/// What a team's repository may make Flotilla read, fetch or run (issue 13, reproductions 3,
/// 4, 6, 7, 8 and 9), against a sandbox cluster and repositories the test builds on loopback.
@Suite("Hostile sources")
struct HostileSourceTests {
    static func fleet(repoURL: String, path: String = "app", revision: String = "main") -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: team-a}
        spec:
          project: default
          source: {repoURL: '\(repoURL)', targetRevision: '\(revision)', path: '\(path)'}
          destination: {name: shared, namespace: team-a}
          syncPolicy: {syncOptions: [CreateNamespace=true]}
        """
    }

    static let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\ndata: {a: b}\n"

    /// A repository beside the fleet file as `team-a`, with `files` and `links` (path → target).
    static func repository(
        _ session: FlotillaSession, _ files: [String: String], links: [String: String] = [:]
    ) async throws -> GitRepository {
        let repo = try await GitRepository()
        for (path, contents) in files { try repo.write(path, contents) }
        for (path, target) in links {
            try FileManager.default.createDirectory(
                atPath: (repo.path + "/" + path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: repo.path + "/" + path, withDestinationPath: target)
        }
        try await repo.commit("hostile")
        try FileManager.default.createSymbolicLink(
            atPath: session.folder.path + "/team-a", withDestinationPath: repo.path)
        return repo
    }

    /// Runs `sync` of `fleet` against one registered sandbox cluster and returns it with the number of writes.
    static func sync(
        _ fleetText: String, files: [String: String] = [:], links: [String: String] = [:], extra: [String] = [],
        environment: [String: String] = [:]
    ) async throws -> (result: FlotillaProcess.Result, writes: Int, session: FlotillaSession) {
        var outcome: (FlotillaProcess.Result, Int, FlotillaSession)?
        try await FleetHarness.with(["shared"]) { fleet, session in
            try await FleetHarness.register(["shared"], of: fleet, in: session)
            let repo = try await repository(session, files, links: links)
            defer { repo.folder.remove() }
            let fleetFile = try session.folder.write("fleet.yaml", fleetText)
            await fleet.members[0].cluster.resetStatistics()
            let result = try await session.run(["sync", fleetFile] + extra, environment: environment)
            let writes = await fleet.members[0].cluster.currentStatistics().writeRequests
            outcome = (result, writes, session)
        }
        return try #require(outcome)
    }

    @Test("a committed link to a host file, or a path that is a link to a host folder, is refused and nothing applied")
    func links() async throws {
        let host = try TemporaryFolder()
        defer { host.remove() }
        let secret = try host.write(
            "secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: leaked}\nstringData: {k: host-secret}\n")
        for (links, path) in [(["app/leak.yaml": secret], "app"), (["linked": host.path], "linked")] {
            let (result, writes, _) = try await Self.sync(
                Self.fleet(repoURL: "team-a", path: path), files: ["app/fine.yaml": Self.configMap], links: links)
            #expect(result.status != 0, "\(result.standardOutput)")
            #expect(
                (result.standardOutput + result.standardError).contains(
                    "a symbolic link to outside the repository is not followed"), "\(result.standardOutput)")
            #expect(writes == 0, "nothing is applied")
            #expect(!(result.standardOutput + result.standardError).contains("host-secret"))
        }
    }

    @Test("a local repoURL outside the fleet file's folder is refused unless --allow-local-sources names it")
    func localSources() async throws {
        let host = try TemporaryFolder()
        defer { host.remove() }
        try host.write("app/cm.yaml", Self.configMap)
        for repoURL in [host.path, "file://" + host.path, "../../" + host.path] {
            let (refused, writes, _) = try await Self.sync(Self.fleet(repoURL: repoURL))
            #expect(refused.status != 0)
            #expect(
                refused.standardOutput.contains("local sources must be inside the fleet file's folder"),
                "\(refused.standardOutput)")
            #expect(writes == 0)
        }
        let (allowed, _, _) = try await Self.sync(
            Self.fleet(repoURL: host.path), extra: ["--allow-local-sources", host.path])
        #expect(allowed.status == 0, "\(allowed.standardOutput)\(allowed.standardError)")
    }

    @Test("a kustomization that reaches the network or another repository is refused before kustomize runs")
    func kustomizeRemote() async throws {
        for resource in ["http://127.0.0.1:18080/x.yaml", "file:///tmp/other//app?ref=main", "github.com/org/repo/app"]
        {
            let (result, writes, _) = try await Self.sync(
                Self.fleet(repoURL: "team-a"),
                files: [
                    "app/kustomization.yaml": "resources: ['\(resource)', cm.yaml]\n", "app/cm.yaml": Self.configMap,
                ])
            #expect(result.status != 0)
            #expect(result.standardOutput.contains("is remote"), "\(result.standardOutput)")
            #expect(writes == 0)
        }
        let (outside, _, _) = try await Self.sync(
            Self.fleet(repoURL: "team-a"),
            files: ["app/kustomization.yaml": "resources: [../../../../../../etc]\n"])
        #expect(outside.standardOutput.contains("is outside the repository"), "\(outside.standardOutput)")
    }

    @Test("a repository that unpacks past --max-render-bytes is refused before it is unpacked")
    func renderSize() async throws {
        let big = String(repeating: "0", count: 3_000_000)
        let (result, writes, _) = try await Self.sync(
            Self.fleet(repoURL: "team-a"), files: ["app/cm.yaml": Self.configMap, "blob.txt": big],
            extra: ["--max-render-bytes", "1000000"])
        #expect(result.status != 0)
        #expect(result.standardOutput.contains("is larger than 1000000 bytes unpacked"), "\(result.standardOutput)")
        #expect(writes == 0)
    }

    @Test("a repoURL that git would read as an option, or another transport, is refused")
    func gitOptions() async throws {
        let marker = NSTemporaryDirectory() + "flotilla-pwned-\(UUID().uuidString)"
        for repoURL in ["--upload-pack=touch \(marker)", "ext::sh -c touch% \(marker)", "git://127.0.0.1/x.git"] {
            let (result, _, _) = try await Self.sync(Self.fleet(repoURL: repoURL))
            #expect(result.status != 0)
            #expect(!FileManager.default.fileExists(atPath: marker), "\(repoURL) ran a command")
        }
        let (revision, _, _) = try await Self.sync(Self.fleet(repoURL: "team-a", revision: "--output=/tmp/x"))
        #expect(revision.standardOutput.contains("is not a revision"), "\(revision.standardOutput)")
    }

    @Test("a render unpacks into a folder only its owner can read")
    func renderFolderMode() async throws {
        let spy = try TemporaryFolder()
        defer { spy.remove() }
        // A `tar` first on PATH that records the mode of the folder it unpacks into (`-C tree`, in the render folder).
        try spy.write(
            "bin/tar",
            "#!/bin/sh\nstat -c %a \"$(dirname \"$4\")\" >> \(spy.path)/mode\nexec /usr/bin/tar \"$@\"\n")
        chmod(spy.path + "/bin/tar", 0o755)
        let path = spy.path + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let (result, _, _) = try await Self.sync(
            Self.fleet(repoURL: "team-a"), files: ["app/cm.yaml": Self.configMap], environment: ["PATH": path])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(try String(contentsOfFile: spy.path + "/mode", encoding: .utf8) == "700\n")
    }

    @Test("a token in repoURL reaches git only through askpass: in no output, record, report or command line")
    func credentials() async throws {
        let token = "TOKEN-\(UUID().uuidString.prefix(8))"
        let spy = try TemporaryFolder()
        defer { spy.remove() }
        // A `git` first on PATH that records its arguments and environment, then runs the real one.
        try spy.write(
            "bin/git",
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \(spy.path)/argv\nenv >> \(spy.path)/env\nexec /usr/bin/git \"$@\"\n")
        chmod(spy.path + "/bin/git", 0o755)
        let path = spy.path + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        var captured: [String] = []
        try await FleetHarness.with(["shared"]) { fleet, session in
            try await FleetHarness.register(["shared"], of: fleet, in: session)
            let fleetFile = try session.folder.write(
                "fleet.yaml", Self.fleet(repoURL: "https://deploy:\(token)@127.0.0.1:9/team/app.git"))
            let sync = try await session.run(["sync", fleetFile], environment: ["PATH": path])
            #expect(sync.status != 0)
            captured.append(sync.standardOutput + sync.standardError)
            for format in ["json", "html", "wide", "yaml"] {
                captured.append(try await session.run(["status", "-o", format]).standardOutput)
            }
            captured.append(try String(contentsOfFile: session.home + "/flotilla.db", encoding: .isoLatin1))
        }
        captured.append(try String(contentsOfFile: spy.path + "/argv", encoding: .utf8))
        for (index, text) in captured.enumerated() {
            #expect(!text.contains(token), "output \(index) holds the token")
        }
        let environment = try String(contentsOfFile: spy.path + "/env", encoding: .utf8)
        #expect(environment.contains("GIT_ASKPASS="), "the credential goes through askpass")
        #expect(!environment.contains("FLOTILLA_"), "git never sees Flotilla's variables (FLOTILLA_KEY, FLOTILLA_HOME)")
        #expect(captured[0].contains("https://127.0.0.1:9/team/app.git"), "the URL is shown without its credential")
    }
}
