import ChildProcesses
import FleetModel
import Foundation
import Generators
import KubeClient
import KubeConfig
import KubeReplay
import Reconcile
import Registry
import Sandbox
import Testing

/// Every error a user can meet prints a sentence, not a Swift value: each case of every
/// module's error types, as `"\(error)"` prints it.
@Suite("Error messages")
struct ErrorMessagesTests {
    static let here = SourceLocation(file: "fleets/web.yaml", line: 3, column: 5)

    /// One value of every case of every error type.
    static let errors: [any Error] = {
        let model: [FleetModelError] = [
            .unreadable(file: "f.yaml", reason: "no such file"), .yaml(here, problem: "bad indentation"),
            .invalidField(here, path: .root, message: "is required"),
            .unknownKind(here, apiVersion: "v1", kind: "Pod"), .invalidSelector("a in", reason: "unterminated"),
        ]
        let generators: [GeneratorError] = [
            .model(model[0]), .templateSyntax(here, path: .root, message: "unterminated <<"),
            .unknownParam(here, path: .root, placeholder: "<<x>>", available: ["a"]),
            .generatorFailed(here, path: .root, message: "no clusters"),
            .invalidApplication(here, applicationSet: "s", params: "{}", message: "no name"),
            .duplicateApplication(name: "a", first: "f1", second: "f2"),
        ]
        let kubeconfig: [KubeConfigError] = [
            .invalid(model[1]), .missingFile("k"), .contextNotFound(context: "c", files: ["k"], available: ["d"]),
            .noCurrentContext(files: ["k"]), .clusterNotFound(context: "c", cluster: "x", file: "k"),
            .userNotFound(context: "c", user: "u", file: "k"),
            .unsupportedAuthentication(context: "c", method: "auth-provider", file: "k"),
            .unreadableReference(context: "c", field: "certificate-authority", path: "ca", file: "k", reason: "gone"),
            .invalidBase64(context: "c", field: "client-key-data", file: "k"),
            .noCredentials(context: "c", user: "u", file: "k"),
            .conflict(context: "c", message: "CA and insecure-skip-tls-verify", file: "k"),
        ]
        let registry: [RegistryError] = [
            .unavailable(path: "db", reason: "malformed"), .malformedKey(source: "FLOTILLA_KEY"),
            .missingKey(keyFile: "key"), .wrongKey(source: "FLOTILLA_KEY", database: "db"), .alreadyExists("c"),
            .notFound("c"), .invalidLabel(cluster: "c", problem: "bad"), .database("locked"),
        ]
        let tokens: [ApiTokenError] = [
            .invalidName("a b"), .invalidProject("Shop"), .nameInUse("ci"), .unknownName("ci", revocable: ["ops"]),
            .unknownName("ci", revocable: []), .expiryInPast(name: "ci"),
        ]
        let sandbox: [SandboxError] = [.cannotListen, .damagedState, .cannotSave("disk full")]
        let replay: [ReplayError] = [.unreadable("t.json"), .malformedTranscript("no steps"), .namespaceSetup("403")]
        var all: [any Error] = model + generators + kubeconfig + registry + tokens + sandbox + replay
        all += [
            ReconcileError("Deployment/shop/web: cannot be applied"),
            KubeError(.unreachable, cluster: "prod", message: "connection refused"),
            LabelValidation.valueProblem(String(repeating: "v", count: 64)) ?? ReconcileError("valid"),
        ]
        return all
    }()

    /// What a dumped enum case looks like: `caseName(label: …`.
    static func isCaseDump(_ text: String) -> Bool {
        text.range(of: #"^[a-z][A-Za-z]*(\(|$)"#, options: .regularExpression) != nil
            || text.range(of: #"\b[a-z][A-Za-z]*\([a-zA-Z]+: "#, options: .regularExpression) != nil
    }

    @Test("every case prints a sentence", arguments: errors.indices)
    func sentence(_ index: Int) {
        let error = Self.errors[index]
        let text = "\(error)"
        #expect(!text.isEmpty)
        #expect(!Self.isCaseDump(text), "\(type(of: error)) prints \(text)")
        #expect(text.contains(" "), "a sentence has words: \(text)")
    }

    @Test("the check catches what it is for")
    func catchesDumps() {
        #expect(Self.isCaseDump(#"wrongKey(source: "FLOTILLA_KEY")"#))
        #expect(Self.isCaseDump("cannotListen"))
        #expect(!Self.isCaseDump("the key in FLOTILLA_KEY does not open the credentials in db"))
    }
}
