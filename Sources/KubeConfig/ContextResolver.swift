import FleetModel
import Foundation

/// Resolves one context: its cluster and user entries, and every file they name.
struct ContextResolver {
    let config: KubeConfig
    let context: KubeConfigEntry

    func resolve() throws(KubeConfigError) -> ResolvedContext {
        do {
            return try resolveFields()
        } catch let error as KubeConfigError {
            throw error
        } catch let error as FleetModelError {
            throw .invalid(error)
        } catch {
            throw .invalid(.unreadable(file: context.file, reason: "\(error)"))
        }
    }

    private func resolveFields() throws -> ResolvedContext {
        let body = context.body
        let clusterName = try body.required("cluster").nonEmptyString()
        guard let cluster = config.clusters[clusterName] else {
            throw KubeConfigError.clusterNotFound(context: context.name, cluster: clusterName, file: context.file)
        }
        let userName = try body.optional("user")?.string() ?? ""
        guard let user = config.users[userName] else {
            throw KubeConfigError.userNotFound(context: context.name, user: userName, file: context.file)
        }
        let clusterFields = cluster.body
        let certificateAuthority = try bytes(
            clusterFields, dataField: "certificate-authority-data", fileField: "certificate-authority", entry: cluster)
        let insecure = try clusterFields.optional("insecure-skip-tls-verify")?.bool() ?? false
        if insecure, certificateAuthority != nil {
            throw KubeConfigError.conflict(
                context: context.name,
                message: "cluster \"\(clusterName)\" sets both a certificate authority and insecure-skip-tls-verify; "
                    + "kubectl refuses this, remove one",
                file: cluster.file)
        }
        return ResolvedContext(
            contextName: context.name, clusterName: clusterName, userName: userName, file: context.file,
            server: try clusterFields.required("server").nonEmptyString(),
            certificateAuthority: certificateAuthority,
            insecureSkipTLSVerify: insecure,
            tlsServerName: try clusterFields.optional("tls-server-name")?.nonEmptyString(),
            proxyURL: try clusterFields.optional("proxy-url")?.nonEmptyString(),
            namespace: try body.optional("namespace")?.nonEmptyString(),
            credential: try credential(user))
    }

    /// The user's credential. With several, the client certificate is taken first, then
    /// a token file (an inline token when the file cannot be read), then a token, then an exec plugin.
    private func credential(_ user: KubeConfigEntry) throws -> Credential {
        let fields = user.body
        if let provider = try fields.optional("auth-provider") {
            let name = try provider.optional("name")?.string() ?? "unnamed"
            throw KubeConfigError.unsupportedAuthentication(
                context: context.name, method: "auth-provider \"\(name)\"", file: user.file)
        }
        if try fields.optional("username") != nil || fields.optional("password") != nil {
            throw KubeConfigError.unsupportedAuthentication(
                context: context.name, method: "basic authentication (username/password)", file: user.file)
        }
        let certificate = try bytes(
            fields, dataField: "client-certificate-data", fileField: "client-certificate", entry: user)
        let key = try bytes(fields, dataField: "client-key-data", fileField: "client-key", entry: user)
        switch (certificate, key) {
        case (let certificate?, let key?):
            return .clientCertificate(certificate: certificate, key: key)
        case (.some, nil), (nil, .some):
            throw KubeConfigError.conflict(
                context: context.name,
                message: "user \"\(user.name)\" needs both a client certificate and a client key", file: user.file)
        case (nil, nil):
            break
        }
        let inlineToken = try fields.optional("token")?.nonEmptyString()
        if let tokenFile = try fields.optional("tokenFile")?.nonEmptyString() {
            let path = resolvedPath(tokenFile, relativeTo: user.file)
            // As kubectl: the file's token wins; an unreadable file falls back to an inline token.
            if inlineToken == nil || FileManager.default.isReadableFile(atPath: path) {
                let text = try read(path, field: "tokenFile", entry: user)
                let token = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                return .tokenFile(path: path, token: token)
            }
        }
        if let inlineToken {
            return .token(inlineToken)
        }
        if let exec = try fields.optional("exec") {
            return .exec(try ExecPlugin(reading: exec, contextName: context.name, file: user.file))
        }
        throw KubeConfigError.noCredentials(context: context.name, user: user.name, file: user.file)
    }

    /// The bytes of `dataField` (base64) or else of the file `fileField` names; the data field wins.
    private func bytes(
        _ fields: FieldReader, dataField: String, fileField: String, entry: KubeConfigEntry
    ) throws -> Data? {
        if let encoded = try fields.optional(dataField)?.string() {
            let compact = encoded.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact), !data.isEmpty else {
                throw KubeConfigError.invalidBase64(context: context.name, field: dataField, file: entry.file)
            }
            return data
        }
        guard let path = try fields.optional(fileField)?.nonEmptyString() else { return nil }
        return try read(resolvedPath(path, relativeTo: entry.file), field: fileField, entry: entry)
    }

    private func read(_ path: String, field: String, entry: KubeConfigEntry) throws -> Data {
        guard FileManager.default.fileExists(atPath: path) else {
            throw KubeConfigError.unreadableReference(
                context: context.name, field: field, path: path, file: entry.file, reason: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KubeConfigError.unreadableReference(
                context: context.name, field: field, path: path, file: entry.file, reason: "cannot read the file")
        }
        return data
    }
}

/// A path from a kubeconfig: relative paths resolve against the folder of the file that names them.
func resolvedPath(_ path: String, relativeTo file: String) -> String {
    if path.hasPrefix("/") { return path }
    var folder = (file as NSString).deletingLastPathComponent
    // Always absolute: a path kept relative to where `cluster add` ran would later be
    // resolved from wherever Flotilla runs — another checkout's `./plugin.sh`.
    if !folder.hasPrefix("/") {
        folder = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(folder)
    }
    return ((folder as NSString).appendingPathComponent(path) as NSString).standardizingPath
}
