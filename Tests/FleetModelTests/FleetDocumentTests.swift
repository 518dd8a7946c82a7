import FleetModel
import Testing

@Suite("Fleet documents")
struct FleetDocumentTests {
    private func decode(_ yaml: String) throws -> FleetDocument {
        let document = try #require(try YAMLLoader.load(yaml, file: "fleet.yaml").first)
        return try FleetDocument(document: document)
    }

    private func expectError(_ yaml: String, _ location: String, _ message: String) {
        do {
            _ = try decode(yaml)
            Issue.record("decoded without error")
        } catch {
            let text = error.localizedDescription
            #expect(text.hasPrefix(location), "\(text)")
            #expect(text.contains(message), "\(text)")
        }
    }

    static let application = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: web
          finalizers: [resources-finalizer.argocd.argoproj.io]
        spec:
          source: {repoURL: https://git.example.com/r.git, path: apps/web}
          destination: {name: prod, namespace: web}
          ignoreDifferences: [{group: apps, kind: Deployment, jsonPointers: [/spec/replicas]}]
          syncPolicy:
            automated: {prune: true}
            syncOptions: [CreateNamespace=true]
            retry: {limit: 3, backoff: {duration: 5s, factor: 2, maxDuration: 1m}}
        """

    @Test("an Application keeps unknown fields, gets a default project and typed views")
    func application() throws {
        guard case .application(let app, _) = try decode(Self.application) else {
            Issue.record("not an Application")
            return
        }
        #expect(app.name == "web")
        #expect(app.project == "default")
        #expect(
            app.sources == [
                ApplicationSource(
                    repoURL: "https://git.example.com/r.git", targetRevision: "HEAD", path: "apps/web", chart: nil)
            ])
        #expect(app.destination == ApplicationDestination(name: "prod", server: nil, namespace: "web"))
        #expect(app.syncPolicy?.automated == SyncPolicy.Automated(prune: true, selfHeal: false, allowEmpty: false))
        #expect(app.syncPolicy?.retry?.maxDuration == "1m")
        #expect(app.document["spec"]?["ignoreDifferences"] != nil)
        #expect(app.document["metadata"]?["finalizers"] == ["resources-finalizer.argocd.argoproj.io"])
        #expect(app.document["spec"]?["project"] == "default")
        #expect(app.document.objectValue?.keys == ["apiVersion", "kind", "metadata", "spec"])
    }

    @Test(
        "invalid Applications name the field",
        arguments: [
            ("metadata: {}", "name: is required"),
            ("metadata: {name: Web_App}", "not a valid Application name"),
            ("spec:\n  source: {repoURL: r}\n", "destination: is required"),
            (
                "spec:\n  destination: {namespace: x}\n  source: {repoURL: r}\n",
                "must name a cluster with name or server"
            ),
            ("spec:\n  destination: {name: a, server: 'https://b'}\n  source: {repoURL: r}\n", "not both"),
            ("spec:\n  destination: {name: a}\n", "source: is required"),
            ("spec:\n  destination: {name: a}\n  sources: []\n", "at least one source"),
            ("spec:\n  destination: {name: a}\n  source: {path: x}\n", "repoURL: is required"),
            (
                "spec:\n  destination: {name: a}\n  source: {repoURL: r}\n  syncPolicy: {automated: {prune: 'yes'}}\n",
                "prune: must be true or false"
            ),
            (
                "spec:\n  destination: {name: a}\n  source: {repoURL: r}\n  syncPolicy: {automated: {selfheal: true}}\n",
                "automated.selfheal: unknown field (expected one of: allowEmpty, enabled, prune, selfHeal)"
            ),
        ])
    func invalidApplication(patch: String, message: String) {
        var yaml = "apiVersion: argoproj.io/v1alpha1\nkind: Application\n"
        if !patch.hasPrefix("metadata") { yaml += "metadata: {name: web}\n" }
        yaml += patch
        if patch.hasPrefix("metadata") { yaml += "\nspec: {destination: {name: a}, source: {repoURL: r}}\n" }
        expectError(yaml, "fleet.yaml:", message)
    }

    @Test("automated with enabled: false (Argo CD 3.1) is no automation")
    func automationDisabled() throws {
        let documents = try YAMLLoader.load(
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web}\nspec:\n"
                + "  destination: {name: a}\n  source: {repoURL: r}\n"
                + "  syncPolicy: {automated: {enabled: false, selfHeal: true}}\n", file: "fleet.yaml")
        let application = try Application(reading: try #require(documents.first).reader)
        #expect(application.syncPolicy?.automated == nil)
    }

    @Test(
        "an unknown kind or apiVersion is an error at the document's line",
        arguments: [
            ("apiVersion: v1\nkind: ConfigMap\n", "unknown kind \"ConfigMap\""),
            ("apiVersion: argoproj.io/v1beta9\nkind: ApplicationSet\n", "apiVersion \"argoproj.io/v1beta9\""),
            ("apiVersion: argoproj.io/v1alpha1\nkind: ClusterList\n", "unknown kind \"ClusterList\""),
            ("kind: ApplicationSet\n", "apiVersion: is required"),
            ("- a\n- b\n", "must be a map"),
        ])
    func unknownKind(yaml: String, message: String) {
        expectError(yaml, "fleet.yaml:1:1", message)
    }

    static func applicationSet(generators: String) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: set}
        spec:
          generators:
        \(generators)
          template:
            metadata: {name: x}
            spec: {destination: {name: a}, source: {repoURL: r}}
        """
    }

    @Test(
        "generators with the wrong shape are errors with file:line",
        arguments: [
            ("  - {}", "fleet.yaml:6:5", "exactly one kind"),
            ("  - list: {elements: []}\n    clusters: {}", "fleet.yaml:6:5", "found list and clusters"),
            ("  - git: {repoURL: x}", "fleet.yaml:6:10", "a git generator needs directories or files"),
            ("  - scmProvider: {github: {}}", "fleet.yaml:6:18", "unknown generator \"scmProvider\""),
            (
                "  - matrix:\n      generators:\n      - list: {elements: []}", "fleet.yaml:8:7",
                "exactly two generators; found 1"
            ),
            (
                "  - matrix:\n      generators:\n      - list: {elements: []}\n      - list: {elements: []}\n      - list: {elements: []}",
                "fleet.yaml:8:7", "exactly two generators; found 3"
            ),
            (
                "  - merge:\n      generators: [{list: {elements: []}}, {list: {elements: []}}]", "fleet.yaml:7:7",
                "mergeKeys: is required"
            ),
            (
                "  - matrix:\n      generators:\n      - matrix:\n          generators:\n          - matrix: {generators: []}\n          - list: {elements: []}\n      - list: {elements: []}",
                "fleet.yaml:10:21", "nest one level deep at most"
            ),
            ("  - list: {}", "fleet.yaml:6:11", "needs elements or elementsYaml"),
            ("  - list: {elements: [], element: []}", "fleet.yaml:6:35", "unknown field"),
            (
                "  - list: {elements: [{a: 1}]}\n    selector: {matchLabels: {a: [b]}}", "fleet.yaml:7:33",
                "must be a string"
            ),
        ])
    func badGenerators(generators: String, location: String, message: String) {
        expectError(Self.applicationSet(generators: generators), location, message)
    }

    @Test("an ApplicationSet decodes its generators, template and options")
    func applicationSet() throws {
        let yaml =
            Self.applicationSet(generators: "  - list: {elements: [{a: 1}]}\n    selector: {matchLabels: {a: '1'}}")
            + "\n  templateOptions: {missingParams: keep}\n"
        guard case .applicationSet(let set) = try decode(yaml) else {
            Issue.record("not an ApplicationSet")
            return
        }
        #expect(set.name == "set")
        #expect(set.generators.count == 1)
        #expect(set.generators[0].kind.name == "list")
        #expect(set.generators[0].postSelector?.description == "a=1")
        #expect(set.missingParams == .keep)
    }

    @Test(
        "cluster names normalize as Argo CD's nameNormalized",
        arguments: [
            ("prod-eu", "prod-eu"), ("my_cluster", "my-cluster"), ("prod.EU_West", "prod.eu-west"),
            ("--Edge--", "edge"), ("arn:aws:eks:eu-west-1:123:cluster/prod", "arn-aws-eks-eu-west-1-123-cluster-prod"),
        ])
    func nameNormalized(name: String, normalized: String) {
        #expect(Cluster(name: name, server: "https://x").nameNormalized == normalized)
    }

    @Test("a clusters file is a ClusterList or a bare list; duplicate names are errors")
    func clusterList() throws {
        let list =
            "apiVersion: flotilla.dev/v1alpha1\nkind: ClusterList\nitems:\n- {name: a, server: 'https://a', labels: {env: dev}}\n"
        let bare =
            "- {name: a, server: 'https://a', labels: {env: dev}}\n- {name: b, server: 'https://b', project: p}\n"
        #expect(try Cluster.list(from: YAMLLoader.load(list, file: "c.yaml")).map(\.labels) == [["env": "dev"]])
        #expect(try Cluster.list(from: YAMLLoader.load(bare, file: "c.yaml")).map(\.project) == ["", "p"])
        #expect(throws: FleetModelError.self) {
            _ = try Cluster.list(from: YAMLLoader.load(bare + "- {name: a, server: 'https://c'}\n", file: "c.yaml"))
        }
        #expect(throws: FleetModelError.self) {
            _ = try Cluster.list(
                from: YAMLLoader.load("- {name: a, server: x, labels: {'bad key!': v}}\n", file: "c.yaml"))
        }
    }
}
