import Foundation
import KubeConfig

/// The credential type of kubeconfig contexts, as the registry seals it.
public typealias KubeConfigCredential = Credential

/// A cluster to register: a resolved kubeconfig context under a name, with labels.
public struct ClusterRegistration: Sendable {
    /// The registry name (by default the context's name).
    public var name: String
    /// The resolved context.
    public var context: ResolvedContext
    /// Labels, validated by the caller.
    public var labels: [String: String]
    /// Annotations.
    public var annotations: [String: String]
    /// The Argo CD project, or empty.
    public var project: String

    /// A registration of `context` as `name`.
    public init(
        name: String, context: ResolvedContext, labels: [String: String] = [:], annotations: [String: String] = [:],
        project: String = ""
    ) {
        self.name = name
        self.context = context
        self.labels = labels
        self.annotations = annotations
        self.project = project
    }
}
