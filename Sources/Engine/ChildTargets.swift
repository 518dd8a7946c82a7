import FleetModel
import Foundation
import Generators
import KubeClient
import Reconcile

/// Where a child Application (app of apps) comes from.
public struct ParentLink: Sendable, Equatable {
    /// The parent target, `app@cluster`.
    public var target: String
    /// The Applications from the fleet files' own down to the parent, by name: a child
    /// naming one of them is a cycle, and the chain's length is bounded.
    public var lineage: [String]
    /// Whether the child carries Argo CD's resources finalizer: its objects are deleted when
    /// its parent stops rendering it and prunes.
    public var finalizesResources: Bool

    /// A link to the parent target `target`.
    public init(target: String, lineage: [String], finalizesResources: Bool) {
        self.target = target
        self.lineage = lineage
        self.finalizesResources = finalizesResources
    }
}

/// Turns the Applications and ApplicationSets a target rendered into targets of their own,
/// by the fleet's rules plus those that keep a repository's author inside the parent's bounds:
/// a child stays in its parent's project (so the fleet's AppProjects still bound what it may
/// deploy), takes no local source but its parent's repository, names no shared template, is
/// at most `maxDepth` levels below the fleet files and one of at most `maxChildren` of its
/// parent; a name the fleet or another parent
/// already uses, or one of its ancestors' (a cycle), is refused.
public struct ChildTargets: Sendable {
    /// Levels of children followed below the fleet files' Applications.
    public static let maxDepth = 5
    /// Children one parent target may have (an ApplicationSet's Applications counted): a
    /// repository cannot turn one Application into an unbounded number of targets.
    public static let maxChildren = 1_000
    /// Argo CD's finalizer that deletes an Application's objects with it.
    public static let resourcesFinalizer = "resources-finalizer.argocd.argoproj.io"

    /// The registered clusters children may go to.
    let clusters: [Cluster]
    /// The fleet's AppProjects, checked for children as for the fleet's own Applications.
    let projects: ProjectCheck
    /// Every Application the fleet files generate, by name.
    let fleetApplications: Set<String>

    /// The recorded targets' parents by Application name (`""` for one that is no child): a
    /// child may not take the name of a target recorded from the fleet files or another parent,
    /// even one this run does not select or render.
    let recordedParents: [String: Set<String>]

    /// What one parent's documents expand to, before admission.
    struct Expansion: Sendable {
        /// Each Application and the document it came from (`parent:file`).
        var applications: [(place: String, application: GeneratedApplication)] = []
        /// Documents that could not be read or expanded, and the cut beyond `maxChildren`.
        var problems: [String] = []
    }

    /// What one parent's children gave: targets, and why the others were refused.
    struct Found {
        var targets: [FleetTarget] = []
        var problems: [String] = []
    }

    /// The Applications `manifests` (rendered by `parent`) hold, ApplicationSets expanded: at
    /// most `maxChildren`, and no matrix making more, so that the work a hostile repository
    /// causes is bounded while it is done. Pure: run it outside any lock.
    func expand(_ manifests: [Manifest], of parent: FleetTarget) -> Expansion {
        var expansion = Expansion()
        guard !manifests.isEmpty else { return expansion }
        let lineage = (parent.parent?.lineage ?? []) + [parent.application.name]
        guard lineage.count <= Self.maxDepth else {
            expansion.problems.append(
                "its \(manifests.count) child Application(s) are not followed: children are followed at most "
                    + "\(Self.maxDepth) levels deep (\(lineage.joined(separator: " → ")))")
            return expansion
        }
        for (index, manifest) in manifests.enumerated() {
            let place = "\(parent.application.name):\(manifest.file)"
            if let rule = Self.projectRefusal(of: manifest, parent: parent) {
                let key = ResourceKey(manifest.object)
                expansion.problems.append("child \(key.kind) \(key.name) (\(place)): \(rule)")
                continue
            }
            do {
                for application in try Self.applications(in: manifest, index: index, place: place, clusters: clusters) {
                    guard expansion.applications.count < Self.maxChildren else {
                        expansion.problems.append(
                            "more than \(Self.maxChildren) child Applications: \(application.application.name) and "
                                + "those after it are not followed")
                        return expansion
                    }
                    expansion.applications.append((place, application))
                }
            } catch {
                expansion.problems.append("\(error)")
            }
        }
        return expansion
    }

    /// Why the parent's project does not permit the child document `manifest` as one of the
    /// parent's objects (Argo CD writes it as an `argoproj.io` resource in its namespace, else
    /// the parent's destination namespace: the project must permit that kind there); nil when
    /// it does.
    private static func projectRefusal(of manifest: Manifest, parent: FleetTarget) -> String? {
        var key = ResourceKey(manifest.object)
        if key.namespace.isEmpty { key.namespace = parent.application.destination.namespace ?? "" }
        let type = ResourceType(
            group: key.group, version: "v1alpha1", kind: key.kind, plural: key.kind.lowercased() + "s",
            namespaced: true,
            verbs: [])
        return parent.policy.refusal(of: key, type: type).map { "forbidden: \($0)" }
    }

    /// The children of `parent` admitted from `expansion`; `owner(name)` says which parent
    /// target already has a child of that name in this run (nil when none).
    func admit(_ expansion: Expansion, of parent: FleetTarget, owner: (String) -> String?) -> Found {
        var found = Found(problems: expansion.problems)
        let lineage = (parent.parent?.lineage ?? []) + [parent.application.name]
        var seen: Set<String> = []
        for (place, child) in expansion.applications {
            let name = child.application.name
            if let refusal = refusal(of: child, parent: parent, lineage: lineage, owner: owner, seen: seen) {
                found.problems.append("child Application \(name) (\(place)): \(refusal)")
                continue
            }
            seen.insert(name)
            do {
                found.targets.append(try target(child, parent: parent, lineage: lineage))
            } catch {
                found.problems.append("child Application \(name) (\(place)): \(error)")
            }
        }
        return found
    }

    /// Why `child` may not join the fleet, or nil.
    private func refusal(
        of child: GeneratedApplication, parent: FleetTarget, lineage: [String], owner: (String) -> String?,
        seen: Set<String>
    ) -> String? {
        let application = child.application
        let name = application.name
        if lineage.contains(name) {
            return "a cycle: \((lineage + [name]).joined(separator: " → "))"
        }
        if fleetApplications.contains(name) { return "the fleet files already define an Application of that name" }
        if seen.contains(name) { return "its parent renders two Applications of that name" }
        if let other = owner(name), other != parent.id {
            return "the parent target \(other) already renders an Application of that name"
        }
        if let parents = recordedParents[name], parents.contains(where: { $0 != parent.id }) {
            let other = parents.first { $0 != parent.id } ?? ""
            return other.isEmpty
                ? "an Application of that name is recorded from the fleet files"
                : "an Application of that name is recorded as a child of \(other)"
        }
        let project = parent.application.project
        if application.project != project {
            return "it names project \"\(application.project)\"; a child stays in its parent's project \"\(project)\""
        }
        let parentRepositories = Set(parent.application.sources.map(\.repoURL))
        if let local = application.sources.first(where: {
            !GitRemote.isRemote($0.repoURL) && !parentRepositories.contains($0.repoURL)
        }) {
            return "its source \(local.repoURL) is local; a child's local source can only be its parent's repository"
        }
        return nil
    }

    /// The target of an admitted `child`, on its registered destination.
    private func target(_ child: GeneratedApplication, parent: FleetTarget, lineage: [String]) throws -> FleetTarget {
        let application = child.application
        guard let cluster = TargetResolution.destination(of: application, among: clusters) else {
            throw ChildRefusal(TargetResolution.unregistered(application, among: clusters))
        }
        var target = FleetTarget(
            application: application, applicationSet: child.applicationSet, baseDirectory: parent.baseDirectory,
            cluster: cluster.name, fleetFile: parent.fleetFile,
            policy: try TargetResolution.policy(of: child, projects: projects))
        let finalizers = application.document["metadata"]?["finalizers"]?.arrayValue ?? []
        target.parent = ParentLink(
            target: parent.id, lineage: lineage,
            finalizesResources: finalizers.contains(.string(Self.resourcesFinalizer)))
        return target
    }

    /// The Applications of one rendered document: itself, or an ApplicationSet's expansion
    /// (over the registered clusters; no shared templates, no git generators).
    private static func applications(
        in manifest: Manifest, index: Int, place: String, clusters: [Cluster]
    ) throws -> [GeneratedApplication] {
        let document = YAMLDocument(value: manifest.object, sourceMap: SourceMap(file: place), index: index)
        switch try FleetDocument(document: document) {
        case .application(let application, let source):
            return [GeneratedApplication(plain: application, document: source)]
        case .applicationSet(let set):
            return try ApplicationSetExpander(
                clusters: clusters, templates: NoSharedTemplates(), maxParamSets: Self.maxChildren
            ).expand(set)
        case .appProject, .clusterList, .notifications:
            return []
        }
    }
}

/// Why a child Application was refused.
struct ChildRefusal: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Children name no shared template: `templates/` belongs to the fleet files' authors.
struct NoSharedTemplates: TemplateSource {
    func template(named name: String, referencedBy reference: FieldReader) throws(FleetModelError) -> FieldReader {
        throw reference.error("templateRef \"\(name)\": a child ApplicationSet cannot use the fleet's shared templates")
    }
}
