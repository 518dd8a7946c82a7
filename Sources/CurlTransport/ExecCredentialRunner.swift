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
        let runner = self
        let result = await BlockingWork.run { runner.runBlocking() }
        return try result.get()
    }

    private func failure(_ message: String, hint: String? = nil) -> KubeError {
        KubeError(.credential, cluster: cluster, message: "exec plugin \"\(plugin.command)\" \(message)", hint: hint)
    }

    private func runBlocking() -> Result<Obtained, KubeError> {
        guard let executable = Self.locate(plugin.command) else {
            return .failure(
                failure("was not found", hint: plugin.installHint ?? "install it or put it on PATH"))
        }
        var environment = ProcessInfo.processInfo.environment
        for variable in plugin.env { environment[variable.name] = variable.value }
        environment["KUBERNETES_EXEC_INFO"] = execInfo()
        switch ChildProcess.run(executable, arguments: plugin.args, environment: environment, timeout: timeout) {
        case .failedToStart(let reason):
            return .failure(failure("could not start: \(reason)"))
        case .timedOut:
            return .failure(
                failure(
                    "did not finish within \(timeout.milliseconds / 1000) s",
                    hint: "check that it runs without asking for input"))
        case .exited(let status, _, let errors) where status != 0:
            let said = String(decoding: errors, as: UTF8.self).split(separator: "\n").last.map {
                String($0.prefix(200))
            }
            return .failure(failure("failed with exit status \(status)" + (said.map { ": \($0)" } ?? "")))
        case .exited(_, let output, _):
            return parse(Data(output))
        }
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
