import FleetModel

extension ExecPlugin {
    /// The `ExecCredential` API versions Flotilla speaks.
    public static let supportedAPIVersions = [
        "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1",
    ]

    /// Decodes a user's `exec` block as kubectl does: `interactiveMode` is required by
    /// `v1` and defaults to `IfAvailable` for `v1beta1`.
    init(reading reader: FieldReader, contextName: String, file: String) throws {
        let version = try reader.required("apiVersion").string()
        guard Self.supportedAPIVersions.contains(version) else {
            throw KubeConfigError.conflict(
                context: contextName,
                message:
                    "exec apiVersion \"\(version)\" is not supported (use \(Self.supportedAPIVersions.joined(separator: " or ")))",
                file: file)
        }
        var env: [EnvVar] = []
        for element in try reader.optional("env")?.elements() ?? [] {
            env.append(
                EnvVar(
                    name: try element.required("name").nonEmptyString(), value: try element.required("value").string()))
        }
        let mode = try reader.optional("interactiveMode")?.string()
        if mode == nil, version.hasSuffix("/v1") {
            throw KubeConfigError.conflict(
                context: contextName, message: "exec interactiveMode is required for \(version)", file: file)
        }
        if let mode, !["Never", "IfAvailable", "Always"].contains(mode) {
            throw KubeConfigError.conflict(
                context: contextName, message: "exec interactiveMode \"\(mode)\" must be Never, IfAvailable or Always",
                file: file)
        }
        let command = try reader.required("command").nonEmptyString()
        self.init(
            apiVersion: version,
            command: command.contains("/") ? resolvedPath(command, relativeTo: file) : command,
            args: try reader.optional("args")?.strings() ?? [],
            env: env,
            provideClusterInfo: try reader.optional("provideClusterInfo")?.bool() ?? false,
            interactiveMode: mode ?? "IfAvailable",
            installHint: try reader.optional("installHint")?.string())
    }
}
