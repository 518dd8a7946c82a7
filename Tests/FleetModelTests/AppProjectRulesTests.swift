import FleetModel
import FleetTesting
import Testing

@Suite("AppProject rules (Argo CD's IsSourcePermitted, isDestinationMatched, IsGroupKindPermitted)")
struct AppProjectRulesTests {
    static func project(_ spec: String) throws -> AppProject {
        let text = "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: team}\nspec:\n" + spec
        return try AppProject(reading: try YAMLLoader.load(text, file: "project.yaml")[0].reader)
    }

    @Test(
        "sourceRepos: globs, normalized URLs and '!' negation",
        arguments: [
            ("['https://github.com/org/*']", "https://github.com/org/app", true),
            ("['https://github.com/org/*']", "https://github.com/org/app.git", true),
            ("['https://github.com/org/*']", "HTTPS://GitHub.com/Org/App", true),
            ("['https://github.com/org/*']", "https://github.com/org/team/app", false),
            ("['https://github.com/org/**']", "https://github.com/org/team/app", true),
            ("['*']", "anything at all", true),
            ("['git@github.com:org/*']", "git@github.com:org/app.git", true),
            ("['github.com/org/*']", "ssh://github.com/org/app", true),
            ("['*', '!https://github.com/org/secret']", "https://github.com/org/secret", false),
            ("['*', '!https://github.com/org/secret']", "https://github.com/org/other", true),
            // Argo CD: a '!' pattern that does not match counts as a match.
            ("['!https://github.com/org/secret']", "https://github.com/org/other", true),
            ("[]", "https://github.com/org/app", false),
        ])
    func sources(repos: String, url: String, permitted: Bool) throws {
        let project = try Self.project("  sourceRepos: \(repos)\n")
        #expect((project.sourceRefusal(url) == nil) == permitted)
    }

    @Test("a refused source names the project and the rule")
    func sourceMessage() throws {
        let project = try Self.project(
            "  sourceRepos: ['https://github.com/org/*', '!https://github.com/org/secret']\n")
        #expect(
            project.sourceRefusal("https://github.com/org/secret")
                == "project \"team\" denies source repository https://github.com/org/secret "
                + "(sourceRepos: \"!https://github.com/org/secret\")")
        // Argo CD's rule: a '!' pattern that does not match counts as a match, so it permits the rest.
        #expect(project.sourceRefusal("https://gitlab.com/x") == nil)
        let allowOnly = try Self.project("  sourceRepos: ['https://github.com/org/*', 'https://github.com/team/*']\n")
        #expect(
            allowOnly.sourceRefusal("https://gitlab.com/x")
                == "project \"team\" does not permit source repository https://gitlab.com/x "
                + "(sourceRepos: https://github.com/org/*, https://github.com/team/*)")
    }

    static let prod = ApplicationDestination(name: "prod", server: "https://prod.example.com", namespace: "web")

    @Test(
        "destinations: by server or name, namespace globs and '!' negation",
        arguments: [
            ("[{server: '*', namespace: '*'}]", true),
            ("[{server: 'https://prod.example.com', namespace: web}]", true),
            ("[{name: prod, namespace: web}]", true),
            ("[{name: 'pr*', namespace: 'w*'}]", true),
            ("[{name: staging, namespace: web}]", false),
            ("[{server: '*', namespace: db}]", false),
            ("[{server: '*', namespace: '*'}, {server: '*', namespace: '!web'}]", false),
            ("[{server: '*', namespace: '!kube-*'}]", true),
            ("[{server: '*', namespace: '*'}, {name: '!prod', namespace: '*'}]", false),
            ("[{server: '*', namespace: '*'}, {name: '!staging', namespace: '*'}]", true),
            ("[]", false),
        ])
    func destinations(entries: String, permitted: Bool) throws {
        let project = try Self.project("  destinations: \(entries)\n")
        #expect((project.destinationRefusal(Self.prod) == nil) == permitted)
    }

    @Test("a refused destination names the project, the namespace, the cluster and the entries")
    func destinationMessages() throws {
        let allowOnly = try Self.project(
            "  destinations: [{server: '*', namespace: 'team-*'}, {name: prod, namespace: db}]\n")
        #expect(
            allowOnly.destinationRefusal(Self.prod)
                == "project \"team\" does not permit destination namespace \"web\" on cluster \"prod\" "
                + "(https://prod.example.com) (destinations: {server: *, namespace: team-*}, {name: prod, namespace: db})"
        )
        let project = try Self.project(
            "  destinations: [{server: '*', namespace: 'team-*'}, {server: '*', namespace: '!team-secret'}]\n")
        // As in Argo CD, the '!' entry permits every other namespace on its clusters.
        #expect(project.destinationRefusal(Self.prod) == nil)
        var secret = Self.prod
        secret.namespace = "team-secret"
        #expect(
            project.destinationRefusal(secret)
                == "project \"team\" denies namespace \"team-secret\" on cluster \"prod\" (https://prod.example.com) "
                + "(destinations: {server: *, namespace: !team-secret})")
    }

    @Test(
        "cluster-scoped kinds need a whitelist entry; namespaced kinds are all permitted unless a whitelist is written")
    func kinds() throws {
        let none = try Self.project("  sourceRepos: ['*']\n")
        #expect(
            none.kindRefusal(group: "rbac.authorization.k8s.io", kind: "ClusterRole", namespaced: false)
                == "project \"team\" does not permit cluster-scoped rbac.authorization.k8s.io/ClusterRole "
                + "(clusterResourceWhitelist is empty)")
        #expect(none.kindRefusal(group: "apps", kind: "Deployment", namespaced: true) == nil)

        let some = try Self.project(
            """
              clusterResourceWhitelist: [{group: '', kind: Namespace}, {group: 'rbac.*', kind: 'Cluster*'}]
              clusterResourceBlacklist: [{group: '*', kind: ClusterRoleBinding}]
              namespaceResourceWhitelist: [{group: 'apps', kind: '*'}, {group: '', kind: ConfigMap}]
              namespaceResourceBlacklist: [{group: apps, kind: DaemonSet}]

            """)
        #expect(some.kindRefusal(group: "", kind: "Namespace", namespaced: false) == nil)
        #expect(some.kindRefusal(group: "rbac.authorization.k8s.io", kind: "ClusterRole", namespaced: false) == nil)
        #expect(
            some.kindRefusal(group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding", namespaced: false)
                == "project \"team\" denies cluster-scoped rbac.authorization.k8s.io/ClusterRoleBinding "
                + "(clusterResourceBlacklist: */ClusterRoleBinding)")
        #expect(some.kindRefusal(group: "apps", kind: "Deployment", namespaced: true) == nil)
        #expect(some.kindRefusal(group: "", kind: "ConfigMap", namespaced: true) == nil)
        #expect(some.kindRefusal(group: "apps", kind: "DaemonSet", namespaced: true) != nil)
        #expect(
            some.kindRefusal(group: "", kind: "Secret", namespaced: true)
                == "project \"team\" does not permit namespace-scoped \"\"/Secret "
                + "(namespaceResourceWhitelist holds apps/*, \"\"/ConfigMap)")

        let emptyWhitelist = try Self.project("  namespaceResourceWhitelist: []\n")
        #expect(emptyWhitelist.kindRefusal(group: "", kind: "ConfigMap", namespaced: true) != nil)
    }

    @Test("the implicit default project permits everything")
    func permissiveDefault() {
        let project = AppProject.permissiveDefault
        #expect(project.sourceRefusal("https://anywhere/x.git") == nil)
        #expect(project.destinationRefusal(Self.prod) == nil)
        #expect(project.kindRefusal(group: "rbac.authorization.k8s.io", kind: "ClusterRole", namespaced: false) == nil)
        #expect(project.kindRefusal(group: "", kind: "Secret", namespaced: true) == nil)
    }

    @Test("a malformed pattern is an error at its line")
    func malformedPattern() throws {
        #expect {
            _ = try Self.project("  sourceRepos: ['https://github.com/[org']\n")
        } throws: { error in
            "\(error)".hasPrefix(
                "project.yaml:5:17: spec.sourceRepos[0]: \"https://github.com/[org\" is not a valid pattern")
        }
        #expect {
            _ = try Self.project("  destinations: [{namespace: web}]\n")
        } throws: { error in
            "\(error)".contains("must name a cluster pattern with name or server")
        }
    }

    @Test("two projects with one name are an error; default is implicit unless written")
    func catalog() throws {
        let text = """
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: team}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: team}

            """
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("projects.yaml", text)
        let fleet = try FleetLoader.load(paths: [file])
        #expect {
            _ = try ProjectCatalog(fleet)
        } throws: { error in
            "\(error)".contains("AppProject \"team\" is already defined at \(file):1:1")
        }
        let catalog = ProjectCatalog(projects: [try Self.project("  sourceRepos: []\n")])
        #expect(catalog.names == ["default", "team"])
        #expect(catalog.project(named: "default") == .permissiveDefault)
        #expect(catalog.project(named: "nope") == nil)
    }
}
