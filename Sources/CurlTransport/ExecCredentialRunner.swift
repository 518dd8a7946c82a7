import ChildProcesses
import FleetModel
import Foundation
import KubeClient
import KubeConfig

/// Runs a kubeconfig exec credential plugin (`aws eks get-token`, `gke-gcloud-auth-plugin`, …)
/// the way kubectl does, bounded by a timeout, and reads the `ExecCredential` it prints.
struct ExecCredentialRunner: Sendable {
    let plugin: ExecPlugin
    let cluster: String
    let server: String
    let timeout: Duration

    /// What a plugin handed back.
    struct Obtained: Sendable {
        let applied: AppliedCredential
        /// `status.expirationTimestamp`; nil means valid until a 401.
        let expires: Date?
    }

    func run() async throws(KubeError) -> Obtained {
        guard let executable = Self.locate(plugin.command) else {
            throw failure("was not found", hint: plugin.installHint ?? "install it or put it on PATH")
        }
        // The plugin gets the user's environment (it may need cloud credentials) but never Flotilla's own.
        var extra = Dictionary(plugin.env.map { ($0.name, $0.value) }) { _, last in last }
        extra["KUBERNETES_EXEC_INFO"] = execInfo()
        let child = ChildProcess(
            executable, plugin.args, environment: ChildProcess.inheritedEnvironment(extra), deadline: timeout,
            outputLimit: 1 << 20)
        switch await child.run() {
        case .failedToStart(let reason):
            throw failure("could not start: \(reason)")
        case .timedOut:
            throw failure(
                "did not finish within \(timeout.milliseconds / 1000) s",
                hint: "check that it runs without asking for input")
        case .cancelled:
            throw KubeError(.cancelled, cluster: cluster, message: "exec plugin \"\(plugin.command)\" was cancelled")
        case .outputTooLarge:
            throw failure("printed more than 1 MiB")
        case .exited(let status, _, let errors) where status != 0:
            let said = String(decoding: errors, as: UTF8.self).split(separator: "\n").last.map {
                String($0.prefix(200))
            }
            throw failure("failed with exit status \(status)" + (said.map { ": \($0)" } ?? ""))
        case .exited(_, let output, _):
            return try parse(Data(output)).get()
        }
    }

    private func failure(_ message: String, hint: String? = nil) -> KubeError {
        KubeError(.credential, cluster: cluster, message: "exec plugin \"\(plugin.command)\" \(message)", hint: hint)
    }

    /// Reads the plugin's `ExecCredential`; never quotes it, since it holds the secret.
    private func parse(_ data: Data) -> Result<Obtained, KubeError> {
        guard let credential = try? JSONReader.parse(data), credential["kind"]?.stringValue == "ExecCredential",
            let status = credential["status"]
        else {
            return .failure(failure("did not print an ExecCredential JSON object"))
        }
        let expires = status["expirationTimestamp"]?.stringValue.flatMap { try? Date($0, strategy: .iso8601) }
        if let token = status["token"]?.stringValue, !token.isEmpty {
            return .success(Obtained(applied: .bearer(token), expires: expires))
        }
        if let certificate = status["clientCertificateData"]?.stringValue,
            let key = status["clientKeyData"]?.stringValue
        {
            return .success(
                Obtained(applied: .certificate(Data(certificate.utf8), key: Data(key.utf8)), expires: expires))
        }
        return .failure(failure("printed an ExecCredential with neither a token nor a client certificate"))
    }

    private func execInfo() -> String {
        var spec: JSONObject = ["interactive": false]
        if plugin.provideClusterInfo { spec["cluster"] = ["server": .string(server)] }
        return JSONWriter.compact(
            ["apiVersion": .string(plugin.apiVersion), "kind": "ExecCredential", "spec": .object(spec)])
    }

    /// The command's path: as given when it has a `/`, else the first match on PATH.
    static func locate(_ command: String) -> String? {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? command : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(command)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
