import FleetModel
import Foundation
import KubeClient
import Reconcile

/// What a target's AppProject says about it: whether the Application may be deployed at all
/// (its sources and destination), which of its objects may be written, and when it may sync.
/// The engine applies it, so that `sync`, `diff` and `serve` all honour it.
public struct ProjectPolicy: Sendable {
    /// The project.
    public var project: AppProject
    /// The destination with its cluster's name and server both.
    public var destination: ApplicationDestination
    /// Why the project refuses the whole Application (a source or the destination); nil when
    /// it permits it.
    public var refusal: String?
    /// The project's sync windows that apply to the Application.
    public var windows: SyncWindows

    /// A policy.
    public init(project: AppProject, destination: ApplicationDestination, refusal: String?, windows: SyncWindows) {
        self.project = project
        self.destination = destination
        self.refusal = refusal
        self.windows = windows
    }

    /// The policy of an Application in the permissive `default` project.
    public static func permissive(_ application: Application) -> ProjectPolicy {
        ProjectPolicy(
            project: .permissiveDefault, destination: application.destination, refusal: nil, windows: SyncWindows([]))
    }

    /// Why the project refuses the object `key` (its kind, or for a namespaced object its
    /// namespace, as Argo CD checks each resource); nil when it permits it. Without a known
    /// resource type, an object with a namespace counts as namespaced.
    public func refusal(of key: ResourceKey, type: ResourceType?) -> String? {
        let namespaced = type?.namespaced ?? !key.namespace.isEmpty
        if let rule = project.kindRefusal(group: key.group, kind: key.kind, namespaced: namespaced) {
            return rule
        }
        guard namespaced else { return nil }
        var objectDestination = destination
        objectDestination.namespace = key.namespace.isEmpty ? destination.namespace : key.namespace
        return project.destinationRefusal(objectDestination)
    }

    /// `application` as its sync may run: without `CreateNamespace=true` when the project does
    /// not permit the cluster-scoped Namespace kind (creating the namespace would write one),
    /// so a missing namespace fails the sync as it would without the option.
    public func syncable(_ application: Application) -> Application {
        let namespaceKey = ResourceKey(group: "", kind: "Namespace", namespace: "", name: "")
        guard refusal(of: namespaceKey, type: nil) != nil, var policy = application.syncPolicy else {
            return application
        }
        var permitted = application
        policy.syncOptions.removeAll {
            $0.split(separator: "=", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces) == "CreateNamespace"
        }
        permitted.syncPolicy = policy
        return permitted
    }

    /// Why a sync may not start at `instant` (`manual` for a person's `flotilla sync`, else
    /// an automated one), naming the project; nil when it may.
    public func syncBlock(at instant: Date, manual: Bool) -> String? {
        windows.block(at: instant, manual: manual).map {
            "sync blocked by project \"\(project.name)\": \($0.description)"
        }
    }
}
