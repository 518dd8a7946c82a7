import FleetModel
import Foundation

/// A kubeconfig that cannot be used as it is; each message names the file and the context.
public enum KubeConfigError: Error, Sendable, Equatable {
    /// The file is not valid YAML or a field has the wrong type.
    case invalid(FleetModelError)
    /// `--kubeconfig` named a file that does not exist.
    case missingFile(String)
    /// No context of that name in the files read.
    case contextNotFound(context: String, files: [String], available: [String])
    /// No context was named and `current-context` is not set.
    case noCurrentContext(files: [String])
    /// The context names a cluster the files do not define.
    case clusterNotFound(context: String, cluster: String, file: String)
    /// The context names a user the files do not define.
    case userNotFound(context: String, user: String, file: String)
    /// An authentication method Flotilla does not support (`auth-provider`, basic auth).
    case unsupportedAuthentication(context: String, method: String, file: String)
    /// A file the kubeconfig names (certificate, key, token) cannot be read.
    case unreadableReference(context: String, field: String, path: String, file: String, reason: String)
    /// A `…-data` field that is not base64.
    case invalidBase64(context: String, field: String, file: String)
    /// The user has no credential Flotilla can present.
    case noCredentials(context: String, user: String, file: String)
    /// A field that contradicts another, such as a CA with `insecure-skip-tls-verify`.
    case conflict(context: String, message: String, file: String)
}

extension KubeConfigError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .invalid(let error):
            return error.localizedDescription
        case .missingFile(let file):
            return "\(file): the kubeconfig file does not exist"
        case .contextNotFound(let context, let files, let available):
            let names = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "\(Self.list(files)): context \"\(context)\" not found (contexts: \(names))"
        case .noCurrentContext(let files):
            return "\(Self.list(files)): current-context is not set; name a context or use --all-contexts"
        case .clusterNotFound(let context, let cluster, let file):
            return "\(file): context \"\(context)\": cluster \"\(cluster)\" is not defined"
        case .userNotFound(let context, let user, let file):
            return "\(file): context \"\(context)\": user \"\(user)\" is not defined"
        case .unsupportedAuthentication(let context, let method, let file):
            return "\(file): context \"\(context)\": \(method) is not supported; use an exec credential plugin "
                + "(client.authentication.k8s.io) instead"
        case .unreadableReference(let context, let field, let path, let file, let reason):
            return "\(file): context \"\(context)\": \(field) \(path): \(reason)"
        case .invalidBase64(let context, let field, let file):
            return "\(file): context \"\(context)\": \(field) is not valid base64"
        case .noCredentials(let context, let user, let file):
            return "\(file): context \"\(context)\": user \"\(user)\" has no credentials "
                + "(client certificate and key, token, tokenFile or exec)"
        case .conflict(let context, let message, let file):
            return "\(file): context \"\(context)\": \(message)"
        }
    }

    private static func list(_ files: [String]) -> String {
        files.isEmpty ? "(no kubeconfig file)" : files.joined(separator: ":")
    }
}

extension KubeConfigError: CustomStringConvertible {
    /// The message, so that `"\(error)"` reads as a sentence rather than an enum case.
    public var description: String { errorDescription ?? "" }
}
