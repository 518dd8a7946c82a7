import FleetModel
import FleetTesting
import Foundation
import KubeConfig
import Testing

/// The kubeconfig corpus (`Fixtures/manifest.yaml`): files in the shapes kind, minikube,
/// k3s, EKS and GKE write, token files, three files merged through `$KUBECONFIG`, and
/// broken files — each resolved as kubectl resolves it.
@Suite("kubeconfig corpus")
struct KubeConfigCorpusTests {
    static let root = Fixtures.folder()
    static let manifest: [JSONValue] = {
        let documents = try? YAMLLoader.load(
            contentsOf: URL(fileURLWithPath: root + "/manifest.yaml"), displayPath: "manifest.yaml")
        return documents?.first?.value.arrayValue ?? []
    }()

    /// The manifest entries, named for the test report.
    static var entries: [String] {
        manifest.indices.map { index in
            let entry = manifest[index]
            let files =
                entry["file"]?.stringValue
                ?? entry["kubeconfigEnv"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ":")
            return "\(index): \(files ?? "?")"
        }
    }

    @Test("the manifest is read")
    func manifestLoads() {
        #expect(Self.manifest.count >= 15)
    }

    @Test("each kubeconfig resolves as kubectl resolves it", arguments: entries)
    func entry(label: String) throws {
        let entry = Self.manifest[Int(label.prefix { $0 != ":" })!]
        let config: KubeConfig
        do {
            config = try load(entry)
        } catch {
            let expected = try #require(entry["error"]?.stringValue, "unexpected error: \(error.localizedDescription)")
            #expect(
                error.localizedDescription.lowercased().contains(expected.lowercased()), "\(error.localizedDescription)"
            )
            return
        }
        if let fileError = entry["error"]?.stringValue {
            #expect(throws: (any Error).self, "expected \(fileError)") { _ = try config.resolveCurrentContext() }
            return
        }
        if let sameAs = entry["sameAs"]?.arrayValue?.compactMap(\.stringValue) {
            let other = try KubeConfigLoader.load(explicitPath: nil, environment: ["KUBECONFIG": paths(sameAs)])
            #expect(config.contextNames == other.contextNames)
            #expect(config.currentContext == other.currentContext)
            for name in config.contextNames {
                #expect(try config.resolve(context: name) == other.resolve(context: name))
            }
            return
        }
        if let currentError = entry["currentContextError"]?.stringValue {
            do {
                _ = try config.resolveCurrentContext()
                Issue.record("current context resolved")
            } catch {
                #expect(error.localizedDescription.contains(currentError), "\(error.localizedDescription)")
            }
        } else {
            #expect(config.currentContext == entry["currentContext"]?.stringValue)
        }
        for expected in entry["contexts"]?.arrayValue ?? [] {
            try check(expected, in: config)
        }
    }

    private func load(_ entry: JSONValue) throws -> KubeConfig {
        if let file = entry["file"]?.stringValue {
            return try KubeConfigLoader.load(explicitPath: Self.root + "/" + file)
        }
        let files = entry["kubeconfigEnv"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return try KubeConfigLoader.load(explicitPath: nil, environment: ["KUBECONFIG": paths(files)])
    }

    private func paths(_ files: [String]) -> String {
        files.map { Self.root + "/" + $0 }.joined(separator: ":")
    }

    private func check(_ expected: JSONValue, in config: KubeConfig) throws {
        let name = try #require(expected["name"]?.stringValue)
        if let message = expected["error"]?.stringValue {
            do {
                _ = try config.resolve(context: name)
                Issue.record("context \(name) resolved; expected an error containing \(message)")
            } catch {
                let text = error.localizedDescription
                #expect(text.lowercased().contains(message.lowercased()), "\(name): \(text)")
                #expect(text.contains(name), "the message names the context: \(text)")
            }
            return
        }
        let context = try config.resolve(context: name)
        #expect(context.clusterName == expected["cluster"]?.stringValue)
        #expect(context.userName == expected["user"]?.stringValue)
        #expect(context.server == expected["server"]?.stringValue)
        #expect(context.namespace == expected["namespace"]?.stringValue)
        #expect(context.insecureSkipTLSVerify == (expected["insecureSkipTLSVerify"]?.boolValue ?? false))
        #expect(context.tlsServerName == expected["tlsServerName"]?.stringValue)
        #expect(context.proxyURL == expected["proxyURL"]?.stringValue)
        switch expected["caSource"]?.stringValue {
        case "none", nil:
            #expect(context.certificateAuthority == nil, "\(name)")
        default:
            let caFile = expected["caCN"]?.stringValue == "corpus-third-ca" ? "pki/third-ca.crt" : "pki/ca.crt"
            #expect(context.certificateAuthority == fixture(caFile), "\(name): CA bytes")
        }
        #expect(context.credential.kind == expected["credential"]?.stringValue, "\(name)")
        switch context.credential {
        case .clientCertificate(let certificate, let key):
            let commonName = try #require(expected["clientCert"]?["cn"]?.stringValue)
            #expect(certificate == fixture("pki/\(commonName).crt"), "\(name): certificate bytes")
            #expect(key == fixture("pki/\(commonName).key"), "\(name): key bytes")
        case .token(let token), .tokenFile(_, let token):
            #expect(token == expected["tokenValue"]?.stringValue, "\(name)")
        case .exec(let plugin):
            let exec = try #require(expected["exec"])
            #expect(plugin.command == exec["command"]?.stringValue)
            #expect(plugin.apiVersion == exec["apiVersion"]?.stringValue)
            #expect(plugin.args == (exec["args"]?.arrayValue?.compactMap(\.stringValue) ?? []))
            let env = Dictionary(uniqueKeysWithValues: plugin.env.map { ($0.name, $0.value) })
            let expectedEnv = (exec["env"]?.objectValue ?? JSONObject()).members.map { ($0.key, $0.value.scalarText) }
            #expect(env == Dictionary(uniqueKeysWithValues: expectedEnv))
            #expect(plugin.provideClusterInfo == (exec["provideClusterInfo"]?.boolValue ?? false))
            #expect(plugin.interactiveMode == exec["interactiveMode"]?.stringValue)
            #expect(plugin.installHint == exec["installHint"]?.stringValue)
        }
    }

    private func fixture(_ path: String) -> Data? {
        FileManager.default.contents(atPath: Self.root + "/" + path)
    }
}
