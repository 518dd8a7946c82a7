import Foundation
import HelmNative

/// `helm template` run as a command (the `helm` users usually have on `PATH`), with the
/// request's values written to files only the command reads.
public struct HelmCommandBackend: HelmBackend {
    /// The executable.
    public var path: String
    /// `v3.17.0+g…`, as `helm version --short` says.
    public var version: String
    /// How long one render may take.
    public var deadline: Duration
    /// How much it may print.
    public var outputLimit: Int

    /// A backend running `path`.
    public init(path: String, version: String, deadline: Duration = .seconds(120), outputLimit: Int = 256 << 20) {
        self.path = path
        self.version = version
        self.deadline = deadline
        self.outputLimit = outputLimit
    }

    /// `helm v3.17.0 at /usr/local/bin/helm`.
    public var description: String { "helm \(version) at \(path)" }

    /// The `helm` at `path`, when it answers `helm version --short`.
    static func probe(_ path: String) async -> HelmCommandBackend? {
        let result = await ExternalCommand.run(path, ["version", "--short"])
        let version = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, version.hasPrefix("v") else { return nil }
        return HelmCommandBackend(path: path, version: version)
    }

    public func render(_ request: HelmRenderRequest) async throws(ReconcileError) -> HelmRenderOutput {
        let folder = try HelmScratch.make()
        defer { HelmScratch.remove(folder) }
        var arguments = ["template", request.releaseName, request.chart, "--namespace", request.namespace]
        for (index, layer) in request.valueLayers.enumerated() {
            arguments += ["--values", try HelmScratch.write(layer, named: "values-\(index).yaml", in: folder)]
        }
        for parameter in request.parameters {
            switch parameter.kind {
            case .set: arguments += ["--set", parameter.expression]
            case .string: arguments += ["--set-string", parameter.expression]
            case .literal:
                let file = try HelmScratch.write(
                    parameter.value, named: "file-\(arguments.count).txt", in: folder)
                arguments += ["--set-file", "\(parameter.name)=\(file)"]
            }
        }
        if let kubeVersion = request.kubeVersion { arguments += ["--kube-version", kubeVersion] }
        for apiVersion in request.apiVersions { arguments += ["--api-versions", apiVersion] }
        if request.includeCrds { arguments.append("--include-crds") }
        let result = await ExternalCommand.run(
            path, arguments, environment: ["HELM_CACHE_HOME": folder, "HELM_CONFIG_HOME": folder],
            deadline: deadline, outputLimit: outputLimit)
        guard result.status == 0 else {
            throw ReconcileError(result.errorText.replacingOccurrences(of: "Error: ", with: ""))
        }
        return HelmRenderOutput(chartName: Self.chartName(result.output), files: Self.files(result.output))
    }

    public func pull(
        _ reference: String, version: String, into destination: String, access: HelmRegistryAccess
    ) async throws(ReconcileError) {
        let folder = try HelmScratch.make()
        defer { HelmScratch.remove(folder) }
        let logins = try PrivateFolder.make(prefix: "flotilla-helm-registry-", purpose: "a Helm registry login")
        defer { PrivateFolder.remove(logins) }
        let confined = try RegistryLoginFolder.prepare(logins)
        let environment = ["HELM_CACHE_HOME": folder, "HELM_CONFIG_HOME": folder].merging(confined.environment) { $1 }
        let registryConfig = ["--registry-config", confined.credentialsFile]
        var authority: [String] = []
        if let pem = access.certificateAuthority {
            authority = [
                "--ca-file", try PrivateFolder.write(pem, named: "ca.pem", in: logins, what: "a registry's CA bundle"),
            ]
        }
        if let login = access.login {
            let host = HelmRegistryAccess.host(of: reference)
            let loggedIn = await ExternalCommand.run(
                path,
                ["registry", "login", "--username", login.username, "--password-stdin"] + registryConfig
                    + (access.insecureSkipTLSVerify ? ["--insecure"] : []) + authority + ["--", host],
                environment: environment, deadline: deadline, outputLimit: 1 << 20, input: Array(login.password.utf8))
            guard loggedIn.status == 0 else {
                throw ReconcileError(
                    "cannot log in to \(host) as \(login.username): "
                        + access.redacted(loggedIn.errorText.replacingOccurrences(of: "Error: ", with: "")))
            }
        }
        let result = await ExternalCommand.run(
            path,
            ["pull", reference, "--version", version, "--destination", destination] + registryConfig
                + (access.insecureSkipTLSVerify ? ["--insecure-skip-tls-verify"] : []) + authority,
            environment: environment, deadline: deadline, outputLimit: 1 << 20)
        guard result.status == 0 else {
            throw ReconcileError(access.redacted(result.errorText.replacingOccurrences(of: "Error: ", with: "")))
        }
    }

    /// The documents of `helm template`'s output grouped by their `# Source:` comment.
    static func files(_ output: String) -> [HelmRenderedFile] {
        var texts: [String: String] = [:]
        for document in output.components(separatedBy: "\n---\n") {
            let lines = document.split(separator: "\n", omittingEmptySubsequences: false)
            guard let source = lines.first(where: { $0.hasPrefix("# Source: ") }) else { continue }
            let name = String(source.dropFirst("# Source: ".count))
            let body = lines.filter { !$0.hasPrefix("# Source: ") && $0 != "---" }.joined(separator: "\n")
            texts[name, default: ""] += (texts[name] == nil ? "" : "\n---\n") + body + "\n"
        }
        return texts.map { HelmRenderedFile(name: $0.key, text: $0.value) }.sorted { $0.name < $1.name }
    }

    /// The chart's name: the first folder of the first `# Source:`.
    static func chartName(_ output: String) -> String {
        guard let range = output.range(of: "# Source: ") else { return "chart" }
        return String(output[range.upperBound...].prefix { $0 != "/" && $0 != "\n" })
    }
}
