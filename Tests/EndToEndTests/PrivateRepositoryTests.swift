import FleetTesting
import Foundation
import Testing

/// Private repositories (issue 17) against real servers on loopback: `sshd` with key
/// authentication only, and `git http-backend` behind HTTPS with basic auth and bearer tokens.
/// A wrong credential fails with git's own reason and writes nothing; no secret appears in any
/// output, the registry's files, the mirrors, a leftover temporary file or git's arguments.
@Suite("Private repositories")
struct PrivateRepositoryTests {
    static func application(_ name: String, repoURL: String) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: \(name)}
        spec:
          project: default
          source: {repoURL: '\(repoURL)', targetRevision: main, path: web}
          destination: {name: p1, namespace: \(name)}
          syncPolicy: {syncOptions: [CreateNamespace=true]}
        """
    }

    @Test(
        "repo add with an SSH key, then sync from ssh:// succeeds; a wrong key or host key fails with ssh's reason and writes nothing; no key material anywhere",
        .enabled(if: SSHServer.unavailableReason == nil, "\(SSHServer.unavailableReason ?? "")"))
    func sshKey() async throws {
        try await FleetHarness.with(["p1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["p1"], of: fleet, in: session)
            let server = try await SSHServer.start()
            do {
                let repo = try await GitRepository()
                defer { repo.folder.remove() }
                try repo.write("web/web.yaml", FleetHarness.webManifests())
                try await repo.commit("web")
                let url = try await server.serve(repo, as: "app.git")
                try session.folder.write("fleet.yaml", Self.application("web", repoURL: url))
                var outputs: [String] = []
                func run(_ arguments: [String]) async throws -> FlotillaProcess.Result {
                    let result = try await session.run(arguments)
                    outputs += [result.standardOutput, result.standardError]
                    return result
                }
                func namespaceExists() async throws -> Bool {
                    try await FleetHarness.kubectl(kubeconfig, context: "p1", in: session, ["get", "namespace", "web"])
                        .status == 0
                }

                let wrongKey = try await run([
                    "repo", "add", url, "--ssh-private-key-file", server.otherKey, "--ssh-known-hosts",
                    server.knownHosts,
                ])
                #expect(wrongKey.status == 0, "\(wrongKey.standardError)")
                #expect(wrongKey.standardOutput == "repository \(url) added (ssh-key)\n")
                let refused = try await run(["sync", "fleet.yaml"])
                #expect(refused.status == 1, "\(refused.standardOutput)\(refused.standardError)")
                #expect(
                    refused.standardOutput.contains("Permission denied (publickey)"),
                    "\(refused.standardOutput)\(refused.standardError)")
                #expect(try await !namespaceExists(), "a refused fetch writes nothing to the cluster")

                let impostor = try await run([
                    "repo", "add", url, "--ssh-private-key-file", server.clientKey, "--ssh-known-hosts",
                    server.wrongKnownHosts, "--upsert",
                ])
                #expect(impostor.standardOutput == "repository \(url) replaced (ssh-key)\n")
                let unverified = try await run(["sync", "fleet.yaml"])
                #expect(unverified.status == 1)
                #expect(
                    unverified.standardOutput.contains("Host key verification failed"),
                    "\(unverified.standardOutput)\(unverified.standardError)")
                #expect(try await !namespaceExists())

                let added = try await run([
                    "repo", "add", url, "--ssh-private-key-file", server.clientKey, "--ssh-known-hosts",
                    server.knownHosts,
                    "--upsert",
                ])
                #expect(added.status == 0)
                let synced = try await run(["sync", "fleet.yaml"])
                #expect(synced.status == 0, "\(synced.standardOutput)\(synced.standardError)")
                #expect(
                    synced.standardOutput.contains("Application web on cluster p1: synced, Healthy"),
                    "\(synced.standardOutput)")
                #expect(try await namespaceExists())

                let list = try await run(["repo", "list"])
                let rows = list.standardOutput.split(separator: "\n").map {
                    $0.split(separator: " ", omittingEmptySubsequences: true)
                }
                #expect(
                    rows == [
                        ["URL", "SCOPE", "CREDENTIAL", "USERNAME", "SERVER-CHECK"],
                        [
                            Substring(url), "repository", "ssh-key", "known-hosts",
                        ],
                    ])
                let json = try await run(["repo", "list", "-o", "json"])
                #expect(json.standardOutput.contains(#""credential": "ssh-key""#), "\(json.standardOutput)")

                let secrets = try [server.clientKey, server.otherKey].flatMap(PrivateRepositoryTests.keyMaterial)
                #expect(secrets.count >= 4)
                for (index, output) in outputs.enumerated() {
                    for secret in secrets { #expect(!output.contains(secret), "output \(index) holds key material") }
                }
                for file in try Self.files(under: session.home) + Self.leftoverCredentialFiles() {
                    let bytes = FileManager.default.contents(atPath: file) ?? Data()
                    for secret in secrets {
                        #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds key material")
                    }
                }
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }

    @Test(
        "HTTPS: repo add --username --password-stdin then sync succeeds, a wrong password fails with git's reason; a bearer-token template covers its prefix; git never gets a secret as an argument"
    )
    func https() async throws {
        let password = "correct-horse-battery-staple"
        let token = "bearer-token-for-the-test-7f3a"
        try await FleetHarness.with(["p1"]) { fleet, session in
            let kubeconfig = try await FleetHarness.register(["p1"], of: fleet, in: session)
            let server = try await GitHTTPSServer.start(user: "deploy", password: password, token: token)
            do {
                let repo = try await GitRepository()
                defer { repo.folder.remove() }
                try repo.write("web/web.yaml", FleetHarness.webManifests())
                try await repo.commit("web")
                let app = try await server.serve(repo, as: "app.git")
                let tools = try await server.serve(repo, as: "team/tools.git")
                try session.folder.write(
                    "app.yaml", Self.application("app", repoURL: app))
                try session.folder.write("tools.yaml", Self.application("tools", repoURL: tools))
                // A git first on the PATH that records its arguments, then runs the real one.
                let arguments = session.folder.path + "/git-arguments"
                let git = try session.folder.write(
                    "bin/git", "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '\(arguments)'\nexec /usr/bin/git \"$@\"\n")
                chmod(git, 0o755)
                var environment = session.environment
                environment["PATH"] =
                    session.folder.path + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
                var outputs: [String] = []
                func run(_ arguments: [String], stdin: String? = nil) async throws -> FlotillaProcess.Result {
                    let result: FlotillaProcess.Result
                    if let stdin {
                        // The secret reaches flotilla's stdin from a shell builtin: never an argument.
                        result = try await CommandLineTool.run(
                            "sh", ["-c", #"printf '%s\n' "$REPO_SECRET" | "$FLOTILLA" "$@""#, "sh"] + arguments,
                            environment: environment.merging(
                                ["REPO_SECRET": stdin, "FLOTILLA": FlotillaProcess.binaryPath]) { $1 },
                            in: session.folder.path)
                    } else {
                        result = try await session.run(arguments, environment: environment)
                    }
                    outputs += [result.standardOutput, result.standardError]
                    return result
                }
                func exists(_ namespace: String) async throws -> Bool {
                    try await FleetHarness.kubectl(
                        kubeconfig, context: "p1", in: session, ["get", "namespace", namespace]
                    ).status == 0
                }

                let wrong = try await run(
                    ["repo", "add", app, "--username", "deploy", "--password-stdin", "--ca-file", server.caFile],
                    stdin: "not-the-password")
                #expect(wrong.status == 0, "\(wrong.standardError)")
                #expect(wrong.standardOutput == "repository \(app) added (password)\n")
                let refused = try await run(["sync", "app.yaml"])
                #expect(refused.status == 1)
                #expect(
                    refused.standardOutput.contains("Authentication failed for '\(app)/'"),
                    "\(refused.standardOutput)\(refused.standardError)")
                #expect(try await !exists("app"))

                let right = try await run(
                    [
                        "repo", "add", app, "--username", "deploy", "--password-stdin", "--ca-file", server.caFile,
                        "--upsert",
                    ], stdin: password)
                #expect(right.standardOutput == "repository \(app) replaced (password)\n")
                let synced = try await run(["sync", "app.yaml"])
                #expect(synced.status == 0, "\(synced.standardOutput)\(synced.standardError)")
                #expect(try await exists("app"))

                let template = try await run(
                    [
                        "repo", "add-creds", server.baseURL + "/team", "--bearer-token-stdin", "--ca-file",
                        server.caFile,
                    ],
                    stdin: token)
                #expect(template.standardOutput == "credential template \(server.baseURL)/team added (bearer-token)\n")
                let viaTemplate = try await run(["sync", "tools.yaml"])
                #expect(viaTemplate.status == 0, "\(viaTemplate.standardOutput)\(viaTemplate.standardError)")
                #expect(try await exists("tools"))
                #expect(server.requests.contains("GET /team/tools.git/info/refs 200 bearer"), "\(server.requests)")
                #expect(server.requests.contains("GET /app.git/info/refs 200 basic"), "\(server.requests)")

                // A git generator reads the private repository through the same credentials.
                try session.folder.write(
                    "folders.yaml",
                    """
                    apiVersion: argoproj.io/v1alpha1
                    kind: ApplicationSet
                    metadata: {name: folders}
                    spec:
                      generators:
                        - git: {repoURL: '\(app)', revision: main, directories: [{path: '*'}]}
                      template:
                        metadata: {name: 'folder-<<path.basename>>'}
                        spec:
                          project: default
                          source: {repoURL: '\(app)', targetRevision: main, path: '<<path>>'}
                          destination: {name: p1, namespace: '<<path.basename>>'}
                    """)
                let generated = try await run(["generate", "folders.yaml", "-o", "name"])
                #expect(generated.status == 0, "\(generated.standardError)")
                #expect(generated.standardOutput == "application.argoproj.io/folder-web\n")

                let recorded = (try? String(contentsOfFile: arguments, encoding: .utf8)) ?? ""
                #expect(recorded.contains("clone --mirror"), "the recording git ran: \(recorded)")
                for secret in [password, token] {
                    #expect(!recorded.contains(secret), "git's arguments hold a secret")
                    for output in outputs { #expect(!output.contains(secret)) }
                    for file in try Self.files(under: session.home) {
                        let bytes = FileManager.default.contents(atPath: file) ?? Data()
                        #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds a secret")
                    }
                }
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }

    /// An Application `web` of the chart `web` 1.0.0 from the Helm repository or OCI registry `repoURL`.
    static func webChart(from repoURL: String) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: web}
        spec:
          project: default
          source: {repoURL: '\(repoURL)', chart: web, targetRevision: 1.0.0}
          destination: {name: c1, namespace: web}
          syncPolicy: {syncOptions: [CreateNamespace=true]}
        """
    }

    @Test("a Helm repository behind basic auth: refused without its credential, synced with it (its CA from repo add)")
    func helmRepository() async throws {
        let password = "helm-repository-password-51c2"
        let server = try await HelmRepositoryServer.start(
            ["web": ["1.0.0": HelmRepositoryTests.chart("1.0.0")]], basicAuth: ("charts", password))
        do {
            try await FleetHarness.with(["c1"]) { fleet, session in
                let kubeconfig = try await FleetHarness.register(["c1"], of: fleet, in: session)
                try session.folder.write("fleet.yaml", Self.webChart(from: server.url))
                let trust = ["SSL_CERT_FILE": server.caFile]
                let refused = try await session.run(["sync", "fleet.yaml"], environment: trust)
                #expect(refused.status == 1)
                #expect(
                    refused.standardOutput.contains("\(server.url)/index.yaml: the server answered 401"),
                    "\(refused.standardOutput)\(refused.standardError)")

                let added = try await CommandLineTool.run(
                    "sh",
                    [
                        "-c",
                        #"printf '%s\n' "$REPO_SECRET" | "$FLOTILLA" repo add "$1" --username charts --password-stdin --ca-file "$2""#,
                        "sh", server.url, server.caFile,
                    ],
                    environment: session.environment.merging(
                        ["REPO_SECRET": password, "FLOTILLA": FlotillaProcess.binaryPath]) { $1 },
                    in: session.folder.path)
                #expect(added.standardOutput == "repository \(server.url) added (password)\n", "\(added.standardError)")
                // No SSL_CERT_FILE now: the CA comes with the stored repository.
                let synced = try await session.run(["sync", "fleet.yaml"])
                #expect(synced.status == 0, "\(synced.standardOutput)\(synced.standardError)")
                #expect(!(synced.standardOutput + synced.standardError).contains(password))
                let deployment = try await FleetHarness.kubectl(
                    kubeconfig, context: "c1", in: session,
                    ["get", "deployment", "web", "-n", "web", "-o", "jsonpath={.metadata.labels.chart}"])
                #expect(deployment.standardOutput == "web-1.0.0", "\(deployment.standardError)")
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test(
        "an OCI registry behind basic auth: anonymous and a wrong password fail with the registry's reason and write nothing; repo add oci:// (its CA from --ca-file) syncs; no password anywhere"
    )
    func ociRegistry() async throws {
        let password = "oci-registry-password-9d41"
        let wrong = "not-the-registry-password-2b7e"
        let server = try await HelmRepositoryServer.start(
            ["web": ["1.0.0": HelmRepositoryTests.chart("1.0.0")]], basicAuth: ("charts", password))
        do {
            try await FleetHarness.with(["c1"]) { fleet, session in
                let kubeconfig = try await FleetHarness.register(["c1"], of: fleet, in: session)
                try session.folder.write("fleet.yaml", Self.webChart(from: server.registry))
                var outputs: [String] = []
                // The user running Flotilla has a Docker login for the registry and a credential
                // helper on PATH: neither may serve a pull (no repo add entry covers an anonymous
                // one), nor may a login land in the helper's keyring.
                let host = String(server.registry.dropFirst("oci://".count).prefix { $0 != "/" })
                let basic = Data("charts:\(password)".utf8).base64EncodedString()
                let userDocker = try session.folder.write(
                    "user-docker/config.json", #"{"auths":{"\#(host)":{"auth":"\#(basic)"}}}"#)
                let helperCalls = session.folder.path + "/helper-calls"
                let helper = try session.folder.write(
                    "fake-bin/docker-credential-pass",
                    "#!/bin/sh\necho \"$1\" >> '\(helperCalls)'\ncat > /dev/null\nexit 1\n")
                let pass = try session.folder.write("fake-bin/pass", "#!/bin/sh\nexit 0\n")
                for script in [helper, pass] { chmod(script, 0o755) }
                let confined = [
                    "DOCKER_CONFIG": (userDocker as NSString).deletingLastPathComponent,
                    "PATH": session.folder.path + "/fake-bin:" + (session.environment["PATH"] ?? "/usr/bin:/bin"),
                ]
                // Anonymous, the registry's CA is trusted through SSL_CERT_FILE; with a stored
                // login, only through the entry's --ca-file.
                func sync(trustingCA: Bool = false) async throws -> FlotillaProcess.Result {
                    let result = try await session.run(
                        ["sync", "fleet.yaml"],
                        environment: confined.merging(trustingCA ? ["SSL_CERT_FILE": server.caFile] : [:]) { $1 })
                    outputs += [result.standardOutput, result.standardError]
                    return result
                }
                func add(_ secret: String, _ extra: [String] = []) async throws -> FlotillaProcess.Result {
                    let result = try await CommandLineTool.run(
                        "sh",
                        [
                            "-c",
                            #"printf '%s\n' "$REPO_SECRET" | "$FLOTILLA" repo add "$@" --username charts --password-stdin"#,
                            "sh", server.registry, "--ca-file", server.caFile,
                        ] + extra,
                        environment: session.environment.merging(
                            ["REPO_SECRET": secret, "FLOTILLA": FlotillaProcess.binaryPath]) { $1 },
                        in: session.folder.path)
                    outputs += [result.standardOutput, result.standardError]
                    return result
                }
                func namespaceExists() async throws -> Bool {
                    try await FleetHarness.kubectl(kubeconfig, context: "c1", in: session, ["get", "namespace", "web"])
                        .status == 0
                }

                let anonymous = try await sync(trustingCA: true)
                #expect(anonymous.status == 1, "\(anonymous.standardOutput)\(anonymous.standardError)")
                #expect(
                    anonymous.standardOutput.contains(
                        "basic credential not found (no credential is stored for \(server.registry): flotilla repo add \(server.registry) --username U --password-stdin)"
                    ), "\(anonymous.standardOutput)\(anonymous.standardError)")
                #expect(try await !namespaceExists(), "a refused pull writes nothing to the cluster")

                let addedWrong = try await add(wrong)
                #expect(
                    addedWrong.standardOutput == "repository \(server.registry) added (password)\n",
                    "\(addedWrong.standardError)")
                let refused = try await sync()
                #expect(refused.status == 1, "\(refused.standardOutput)\(refused.standardError)")
                #expect(
                    refused.standardOutput.contains("cannot log in to 127.0.0.1:")
                        && refused.standardOutput.lowercased().contains("unauthorized"),
                    "\(refused.standardOutput)\(refused.standardError)")
                #expect(try await !namespaceExists(), "a refused login writes nothing to the cluster")

                let replaced = try await add(password, ["--upsert"])
                #expect(
                    replaced.standardOutput == "repository \(server.registry) replaced (password)\n",
                    "\(replaced.standardError)")
                let synced = try await sync()
                #expect(synced.status == 0, "\(synced.standardOutput)\(synced.standardError)")
                let deployment = try await FleetHarness.kubectl(
                    kubeconfig, context: "c1", in: session,
                    ["get", "deployment", "web", "-n", "web", "-o", "jsonpath={.metadata.labels.chart}"])
                #expect(deployment.standardOutput == "web-1.0.0", "\(deployment.standardError)")
                #expect(
                    !FileManager.default.fileExists(atPath: helperCalls),
                    "a Docker credential helper was asked: \((try? String(contentsOfFile: helperCalls, encoding: .utf8)) ?? "")"
                )

                let listed = try await session.run(["repo", "list", "-o", "json"])
                outputs += [listed.standardOutput, listed.standardError]
                #expect(listed.standardOutput.contains(#""credential": "password""#), "\(listed.standardOutput)")
                for secret in [password, wrong] {
                    let encoded = Data("charts:\(secret)".utf8).base64EncodedString()
                    for output in outputs {
                        #expect(!output.contains(secret) && !output.contains(encoded), "an output holds a password")
                    }
                    for file in try Self.files(under: session.home) {
                        let bytes = FileManager.default.contents(atPath: file) ?? Data()
                        #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds a password")
                        #expect(bytes.range(of: Data(encoded.utf8)) == nil, "\(file) holds a registry login")
                    }
                    #expect(
                        Self.leftoverRegistryLogins(holding: [secret, encoded]).isEmpty,
                        "a registry client's credentials file outlived its pull")
                }
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// Files of the private folders flotilla makes for registry logins that still hold one of `secrets`
    /// (other tests' anonymous pulls may have a folder of their own at this moment).
    static func leftoverRegistryLogins(holding secrets: [String]) -> [String] {
        ["/dev/shm", NSTemporaryDirectory()].flatMap { base in
            ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
                .filter { $0.hasPrefix("flotilla-helm-registry-") }
                .flatMap { (try? files(under: base + "/" + $0)) ?? [] }
                .filter { file in
                    let bytes = FileManager.default.contents(atPath: file) ?? Data()
                    return secrets.contains { bytes.range(of: Data($0.utf8)) != nil }
                }
        }
    }

    /// The base64 lines of the private key in `path`: what must never appear in clear.
    static func keyMaterial(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("-----") && $0.count >= 16 }.map(String.init)
    }

    /// Every regular file under `folder`.
    static func files(under folder: String) throws -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []).map { folder + "/" + $0 }
            .filter { path in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
            }
    }

    /// Private folders flotilla makes for git's credentials that are still there.
    static func leftoverCredentialFiles() -> [String] {
        ["/dev/shm", NSTemporaryDirectory()].flatMap { base in
            ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
                .filter { $0.hasPrefix("flotilla-git-") }
                .flatMap { (try? files(under: base + "/" + $0)) ?? [] }
        }
    }
}
