import FleetModel
import FleetTesting
import Foundation
import Testing

/// `flotilla cluster …` run as a user runs it, against the kubeconfig corpus of the
/// KubeConfig tests, each test in its own `FLOTILLA_HOME`.
@Suite("flotilla cluster, end to end")
struct ClusterCommandTests {
    static let corpus = Fixtures.repositoryRoot() + "/Tests/KubeConfigTests/Fixtures"
    static let kubeconfigs = corpus + "/kubeconfigs"
    static let goldens = Fixtures.folder() + "/cluster"

    private func session(_ body: (FlotillaSession) async throws -> Void) async throws {
        let session = try FlotillaSession()
        defer { session.remove() }
        try await body(session)
    }

    private func expectGolden(_ text: String, _ name: String) {
        let mismatch = Golden.mismatch(text, goldenAt: Self.goldens + "/" + name)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test("add every context with labels, then list in each format")
    func addAndList() async throws {
        try await session { session in
            let add = try await session.run([
                "cluster", "add", "--kubeconfig", Self.kubeconfigs + "/kind.yaml", "--all-contexts", "-l", "env=dev",
                "-l", "team=platform", "--annotation", "owner=sre@example.com",
            ])
            #expect(add.status == 0, "\(add.standardError)")
            #expect(add.standardOutput == "cluster/kind-dev added\ncluster/kind-staging added\n")
            let current = try await session.run([
                "cluster", "add", "--kubeconfig", Self.kubeconfigs + "/token-file.yaml", "--name", "ci", "-l",
                "env=prod",
            ])
            #expect(current.standardOutput == "cluster/ci added\n", "\(current.standardError)")
            expectGolden(try await session.run(["cluster", "list"]).standardOutput, "list-table.txt")
            expectGolden(try await session.run(["cluster", "list", "-o", "wide"]).standardOutput, "list-wide.txt")
            let selected = try await session.run([
                "cluster", "list", "-l", "env in (prod,staging),team!=platform", "-o", "name",
            ])
            #expect(selected.standardOutput == "cluster/ci\n")
            let none = try await session.run(["cluster", "list", "-l", "env=nowhere"])
            #expect(none.status == 0 && none.standardOutput.isEmpty)
            #expect(none.standardError == "No clusters registered match the selector.\n")
            let yaml = try await session.run(["cluster", "list", "-o", "yaml"])
            let items = try #require(
                try YAMLLoader.load(yaml.standardOutput, file: "list").first?.value["items"]?.arrayValue)
            #expect(items.map { $0["name"] } == ["ci", "kind-dev", "kind-staging"])
            #expect(
                items[1]["credential"] == [
                    "kind": "clientCertificate", "certificate": "<redacted>", "key": "<redacted>",
                ])
            #expect(items[1]["annotations"] == ["owner": "sre@example.com"])
            let json = try await session.run(["cluster", "list", "-o", "json"])
            #expect(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) is [String: Any])
        }
    }

    @Test("generate selects the same clusters from the registry as from the equivalent --clusters file")
    func generateFromRegistry() async throws {
        try await session { session in
            _ = try await session.run([
                "cluster", "add", "--kubeconfig", Self.kubeconfigs + "/kind.yaml", "kind-dev", "-l", "env=staging",
                "-l", "region=eu",
            ])
            _ = try await session.run([
                "cluster", "add", "--kubeconfig", Self.kubeconfigs + "/kind.yaml", "kind-staging", "-l",
                "env=production", "-l", "region=us", "-l", "tier=critical",
            ])
            let fleet = Fixtures.repositoryRoot() + "/fleets"
            let listing = try await session.run(["cluster", "list", "-o", "yaml"])
            try session.folder.write("clusters.yaml", listing.standardOutput)
            let fromRegistry = try await session.run(["generate", fleet])
            let fromFile = try await session.run([
                "generate", fleet, "--clusters", session.folder.path + "/clusters.yaml",
            ])
            #expect(fromRegistry.status == 0, "\(fromRegistry.standardError)")
            #expect(fromRegistry.standardOutput == fromFile.standardOutput)
            #expect(fromRegistry.standardOutput.contains("name: web-app-kind-dev"))
            #expect(fromRegistry.standardOutput.contains("cert-manager-kind-staging"))
        }
    }

    @Test("no command output and no database file holds a registered secret")
    func secretsNeverLeak() async throws {
        try await session { session in
            var outputs: [String] = []
            for file in ["kind", "minikube", "k3s", "eks", "gke", "token-file", "tls-options"] {
                let result = try await session.run([
                    "cluster", "add", "--kubeconfig", "\(Self.kubeconfigs)/\(file).yaml", "--all-contexts", "--replace",
                ])
                #expect(result.status == 0, "\(file): \(result.standardError)")
                outputs += [result.standardOutput, result.standardError]
            }
            for format in ["table", "wide", "json", "yaml", "name"] {
                let result = try await session.run(["cluster", "list", "-o", format])
                outputs += [result.standardOutput, result.standardError]
            }
            let names = try await session.run(["cluster", "list", "-o", "name"]).standardOutput.split(separator: "\n")
            #expect(names.count >= 10)
            for name in names {
                for format in ["yaml", "json"] {
                    let show = try await session.run([
                        "cluster", "show", String(name.dropFirst("cluster/".count)), "-o", format,
                    ])
                    #expect(show.status == 0)
                    outputs += [show.standardOutput, show.standardError]
                }
            }
            let secrets = try Self.plantedSecrets()
            #expect(secrets.count > 10)
            let databaseFiles = try FileManager.default.contentsOfDirectory(atPath: session.home).filter {
                $0.hasPrefix("flotilla.db")
            }
            for file in databaseFiles {
                let bytes = try #require(FileManager.default.contents(atPath: session.home + "/" + file))
                for secret in secrets { #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds a secret") }
            }
            let everything = outputs.joined(separator: "\n")
            for secret in secrets { #expect(!everything.contains(secret), "an output holds a secret") }
        }
    }

    /// Every token of the corpus, and a line from the middle of every PEM certificate and key
    /// (as text and as the base64 the -data fields carry).
    static func plantedSecrets() throws -> [String] {
        var secrets: Set<String> = []
        let enumerator = FileManager.default.enumerator(atPath: corpus)
        while let path = enumerator?.nextObject() as? String {
            let text = (try? String(contentsOfFile: corpus + "/" + path, encoding: .utf8)) ?? ""
            for match in text.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" })
            where match.hasPrefix("corpus-token-") {
                secrets.insert(String(match))
            }
            if path.hasSuffix(".crt") || path.hasSuffix(".key") {
                let lines = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }
                if lines.count > 1 { secrets.insert(String(lines[1])) }
                secrets.insert(String(Data(text.utf8).base64EncodedString().prefix(120).dropFirst(40)))
            }
        }
        return Array(secrets)
    }

    @Test(
        "a bad kubeconfig fails with file and context named, exit 1, and the registry untouched",
        arguments: [
            (["broken/not-yaml.yaml"], "not-yaml.yaml", "invalid YAML"),
            (["broken/missing-context.yaml"], "missing-context.yaml", "ghost-context"),
            (["broken/missing-cert-file.yaml"], "client-certificate", "no such file"),
            (["broken/bad-base64.yaml"], "bad-base64.yaml", "base64"),
            (["broken/missing-cluster.yaml"], "orphan", "ghost-cluster"),
            (["unsupported.yaml", "--all-contexts"], "corp-oidc", "is not supported; use an exec credential plugin"),
            (["kind.yaml", "no-such-context"], "no-such-context", "not found (contexts: kind-dev, kind-staging)"),
        ])
    func badKubeconfig(arguments: [String], names: String, message: String) async throws {
        try await session { session in
            _ = try await session.run(["cluster", "add", "--kubeconfig", Self.kubeconfigs + "/k3s.yaml"])
            let before = try await session.run(["cluster", "list", "-o", "yaml"]).standardOutput
            let result = try await session.run(
                ["cluster", "add", "--kubeconfig", Self.kubeconfigs + "/" + arguments[0]] + arguments.dropFirst())
            #expect(result.status == 1)
            #expect(result.standardOutput.isEmpty)
            #expect(result.standardError.contains(names), "\(result.standardError)")
            #expect(result.standardError.contains(message), "\(result.standardError)")
            #expect(try await session.run(["cluster", "list", "-o", "yaml"]).standardOutput == before)
        }
    }

    @Test("--skip-invalid adds the good contexts and warns about the others")
    func skipInvalid() async throws {
        try await session { session in
            let result = try await session.run([
                "cluster", "add", "--kubeconfig", Self.kubeconfigs + "/unsupported.yaml", "--all-contexts",
                "--skip-invalid",
            ])
            #expect(result.status == 0)
            #expect(result.standardOutput == "cluster/corp-token added\n")
            #expect(result.standardError.components(separatedBy: "warning: skipping context").count == 4)
        }
    }

    @Test("an existing name needs --replace; bad labels are bad usage")
    func replaceAndValidation() async throws {
        try await session { session in
            let kind = Self.kubeconfigs + "/kind.yaml"
            #expect(try await session.run(["cluster", "add", "--kubeconfig", kind]).status == 0)
            let again = try await session.run(["cluster", "add", "--kubeconfig", kind])
            #expect(again.status == 1)
            #expect(
                again.standardError
                    == "error: cluster \"kind-dev\" is already registered; use --replace to overwrite it\n")
            #expect(
                try await session.run(["cluster", "add", "--kubeconfig", kind, "--replace"]).standardOutput
                    == "cluster/kind-dev replaced\n")
            for label in ["bad key=x", "env=not valid", "-x=y", "a/b/c=d", "novalue"] {
                let result = try await session.run(["cluster", "add", "--kubeconfig", kind, "--replace", "-l", label])
                #expect(result.status == 2, "\(label)")
                #expect(result.standardError.hasPrefix("error: "), "\(label): \(result.standardError)")
            }
            #expect(
                try await session.run(["cluster", "add", "--kubeconfig", kind, "--all-contexts", "--name", "x"]).status
                    == 2)
        }
    }

    @Test("label and annotate follow kubectl: k=v, k-, --overwrite")
    func labelAndAnnotate() async throws {
        try await session { session in
            _ = try await session.run([
                "cluster", "add", "--kubeconfig", Self.kubeconfigs + "/kind.yaml", "-l", "env=dev",
            ])
            #expect(
                try await session.run(["cluster", "label", "kind-dev", "tier=gold", "region=eu"]).standardOutput
                    == "cluster/kind-dev labeled\n")
            let clash = try await session.run(["cluster", "label", "kind-dev", "env=prod"])
            #expect(clash.status == 1)
            #expect(clash.standardError == "error: 'env' already has a value (dev), and --overwrite is false\n")
            #expect(
                try await session.run(["cluster", "label", "kind-dev", "env=prod", "--overwrite", "region-"]).status
                    == 0)
            let missing = try await session.run(["cluster", "label", "kind-dev", "nothere-"])
            #expect(missing.status == 0 && missing.standardError == "label \"nothere\" not found.\n")
            #expect(
                try await session.run(["cluster", "annotate", "kind-dev", "note=any value: even spaces"]).status == 0)
            let show = try await session.run(["cluster", "show", "kind-dev"]).standardOutput
            let document = try #require(try YAMLLoader.load(show, file: "show").first?.value)
            #expect(document["labels"] == ["env": "prod", "tier": "gold"])
            #expect(document["annotations"] == ["note": "any value: even spaces"])
            #expect(
                try await session.run(["cluster", "label", "nope", "a=b"]).standardError
                    == "error: cluster \"nope\" is not registered\n")
        }
    }

    @Test("remove is all or none")
    func remove() async throws {
        try await session { session in
            _ = try await session.run([
                "cluster", "add", "--kubeconfig", Self.kubeconfigs + "/kind.yaml", "--all-contexts",
            ])
            let partial = try await session.run(["cluster", "remove", "kind-dev", "ghost"])
            #expect(partial.status == 1 && partial.standardError == "error: cluster \"ghost\" is not registered\n")
            #expect(
                try await session.run(["cluster", "list", "-o", "name"]).standardOutput
                    == "cluster/kind-dev\ncluster/kind-staging\n")
            #expect(
                try await session.run(["cluster", "remove", "kind-dev", "kind-staging"]).standardOutput
                    == "cluster/kind-dev removed\ncluster/kind-staging removed\n")
            #expect(try await session.run(["cluster", "list", "-o", "name"]).standardOutput.isEmpty)
        }
    }

    @Test("a wrong or missing key is a clear error and writes nothing")
    func keys() async throws {
        try await session { session in
            let kind = Self.kubeconfigs + "/kind.yaml"
            let first = String(repeating: "11", count: 32)
            #expect(
                try await session.run(
                    ["cluster", "add", "--kubeconfig", kind, "kind-dev"], environment: ["FLOTILLA_KEY": first]
                ).status == 0)
            let wrong = try await session.run(
                ["cluster", "add", "--kubeconfig", kind, "kind-staging"],
                environment: ["FLOTILLA_KEY": String(repeating: "22", count: 32)])
            #expect(wrong.status == 2, "a key that does not fit the registry is the caller's to fix")
            #expect(
                wrong.standardError.contains("the key in FLOTILLA_KEY does not open the credentials in "))
            let missing = try await session.run(["cluster", "add", "--kubeconfig", kind, "kind-staging"])
            #expect(missing.status == 2)
            #expect(missing.standardError.contains("key is missing"), "\(missing.standardError)")
            #expect(try await session.run(["cluster", "list", "-o", "name"]).standardOutput == "cluster/kind-dev\n")
        }
    }

    @Test("several flotilla processes add to one new registry at once")
    func concurrentProcesses() async throws {
        try await session { session in
            let count = 8
            for index in 0..<count {
                try session.folder.write(
                    "kube\(index).yaml",
                    """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: c, cluster: {server: "https://c\(index).example.com"}}]
                    users: [{name: u, user: {token: concurrent-token-\(index)}}]
                    contexts: [{name: ctx\(index), context: {cluster: c, user: u}}]
                    current-context: ctx\(index)
                    """)
            }
            let results = try await withThrowingTaskGroup(of: FlotillaProcess.Result.self) { group in
                for index in 0..<count {
                    group.addTask {
                        try await session.run([
                            "cluster", "add", "--kubeconfig", session.folder.path + "/kube\(index).yaml",
                        ])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.standardError))")
            let names = try await session.run(["cluster", "list", "-o", "name"]).standardOutput
            #expect(names == (0..<count).map { "cluster/ctx\($0)\n" }.joined())
        }
    }
}
