import FleetModel
import Testing

@testable import Sandbox

@Suite("Sandbox objects, verbs and errors")
struct SandboxObjectTests {
    let api: SandboxHarness

    init() throws {
        api = try SandboxHarness()
    }

    @Test("create stamps uid, timestamp and resource version; get returns it; a second create is AlreadyExists")
    func createGet() async {
        let created = await api.send(
            "POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"x"},"data":{"a":"1"}}"#)
        #expect(created.status == 201)
        let uid = created.body.metadata("uid")?.stringValue ?? ""
        #expect(uid.count == 36 && uid == uid.lowercased())
        #expect(created.body.metadata("creationTimestamp")?.stringValue?.hasSuffix("Z") == true)
        #expect(created.body.metadata("resourceVersion") != nil)
        #expect(created.body.metadata("generation") == nil, "ConfigMaps have no generation")
        let fetched = await api.send("GET", "/api/v1/namespaces/default/configmaps/x")
        #expect(fetched.body["data"] == ["a": "1"])
        #expect(fetched.body["kind"] == "ConfigMap")
        let again = await api.send("POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"x"}}"#)
        #expect(again.status == 409)
        #expect(again.body["reason"] == "AlreadyExists")
        #expect(again.body["message"] == "configmaps \"x\" already exists")
        #expect(again.body["details"] == ["name": "x", "kind": "configmaps"])
    }

    @Test("a missing namespace: GET 404 about the object, LIST empty, POST 404 about the namespace")
    func missingNamespace() async {
        let get = await api.send("GET", "/apis/apps/v1/namespaces/nope/deployments/x")
        #expect(get.status == 404 && get.body["message"] == "deployments.apps \"x\" not found")
        #expect(get.body["details"] == ["name": "x", "group": "apps", "kind": "deployments"])
        let list = await api.send("GET", "/apis/apps/v1/namespaces/nope/deployments")
        #expect(list.status == 200 && list.body["items"] == [])
        let post = await api.send(
            "POST", "/apis/apps/v1/namespaces/nope/deployments",
            SandboxHarness.deployment.replacingOccurrences(of: "namespace: default", with: "namespace: nope"))
        #expect(post.status == 404)
        #expect(post.body["message"] == "namespaces \"nope\" not found")
        #expect(post.body["details"] == ["name": "nope", "kind": "namespaces"])
    }

    @Test("Deployments get the server's defaults, an empty status and generation 1")
    func deploymentDefaults() async {
        let created = await api.send(
            "POST", "/apis/apps/v1/namespaces/default/deployments", SandboxHarness.deployment,
            contentType: "application/yaml")
        #expect(created.status == 201)
        let spec = created.body["spec"]
        #expect(
            spec?["strategy"] == [
                "type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"],
            ])
        #expect(spec?["revisionHistoryLimit"] == 10)
        #expect(spec?["progressDeadlineSeconds"] == 600)
        let pod = spec?["template"]?["spec"]
        #expect(pod?["restartPolicy"] == "Always")
        #expect(pod?["dnsPolicy"] == "ClusterFirst")
        #expect(pod?["schedulerName"] == "default-scheduler")
        #expect(pod?["terminationGracePeriodSeconds"] == 30)
        #expect(pod?["securityContext"] == [:])
        let container = pod?["containers"]?.arrayValue?.first
        #expect(container?["terminationMessagePath"] == "/dev/termination-log")
        #expect(container?["terminationMessagePolicy"] == "File")
        #expect(container?["imagePullPolicy"] == "IfNotPresent")
        #expect(container?["ports"] == [["containerPort": 80, "protocol": "TCP"]])
        #expect(created.body["status"] == [:])
        #expect(created.body.metadata("generation") == 1)
    }

    @Test("imagePullPolicy is Always for untagged and :latest images")
    func pullPolicy() async {
        for (image, policy) in [
            ("nginx", "Always"), ("nginx:latest", "Always"), ("registry:5000/nginx", "Always"),
            ("registry:5000/nginx:1", "IfNotPresent"),
        ] {
            let yaml = SandboxHarness.deployment.replacingOccurrences(of: "nginx:1.27", with: image)
                .replacingOccurrences(
                    of: "name: web, namespace", with: "name: w\(policy.count)\(image.count), namespace")
            let created = await api.send(
                "POST", "/apis/apps/v1/namespaces/default/deployments", yaml, contentType: "application/yaml")
            #expect(
                created.body.value(at: ["spec", "template", "spec", "containers"])?.arrayValue?.first?[
                    "imagePullPolicy"] == .string(policy), "\(image)")
        }
    }

    @Test("a Deployment without a selector is Invalid with both causes")
    func deploymentWithoutSelector() async {
        let yaml = SandboxHarness.deployment.replacingOccurrences(
            of: "  selector: {matchLabels: {app: web}}\n", with: "")
        let reply = await api.send(
            "POST", "/apis/apps/v1/namespaces/default/deployments", yaml, contentType: "application/yaml")
        #expect(reply.status == 422)
        #expect(reply.body["reason"] == "Invalid")
        #expect(reply.body["message"]?.stringValue?.hasPrefix("Deployment.apps \"web\" is invalid: ") == true)
        #expect(reply.body["details"]?["kind"] == "Deployment")
        let causes = reply.body["details"]?["causes"]?.arrayValue ?? []
        #expect(causes.map { $0["reason"] } == ["FieldValueRequired", "FieldValueInvalid"])
        #expect(causes.map { $0["field"] } == ["spec.selector", "spec.template.metadata.labels"])
    }

    @Test("Services get a cluster IP, target ports and node ports")
    func serviceDefaults() async {
        let body =
            #"{"metadata":{"name":"s"},"spec":{"type":"NodePort","selector":{"app":"web"},"ports":[{"port":80},{"port":53,"protocol":"UDP"}]}}"#
        let reply = await api.send("POST", "/api/v1/namespaces/default/services", body)
        let spec = reply.body["spec"]
        #expect(spec?["clusterIP"]?.stringValue?.hasPrefix("10.96.") == true)
        #expect(spec?["clusterIPs"] == .array([spec?["clusterIP"] ?? .null]))
        #expect(spec?["ipFamilies"] == ["IPv4"] && spec?["ipFamilyPolicy"] == "SingleStack")
        #expect(spec?["sessionAffinity"] == "None" && spec?["internalTrafficPolicy"] == "Cluster")
        #expect(spec?["externalTrafficPolicy"] == "Cluster")
        let ports = spec?["ports"]?.arrayValue ?? []
        #expect(ports.map { $0["targetPort"] } == [80, 53])
        #expect(ports.map { $0["protocol"] } == ["TCP", "UDP"])
        #expect(ports.allSatisfy { (30000...32767).contains($0["nodePort"]?.intValue ?? 0) })
        #expect(reply.body["status"] == ["loadBalancer": [:]])
        #expect(reply.body.metadata("generation") == nil)
    }

    @Test("Namespaces: defaults on create, Terminating on delete")
    func namespaces() async {
        let created = await api.send("POST", "/api/v1/namespaces", #"{"metadata":{"name":"team"}}"#)
        #expect(created.body.metadata("labels") == ["kubernetes.io/metadata.name": "team"])
        #expect(created.body["spec"] == ["finalizers": ["kubernetes"]])
        #expect(created.body["status"] == ["phase": "Active"])
        await api.send("POST", "/api/v1/namespaces/team/configmaps", #"{"metadata":{"name":"c"}}"#)
        let deleted = await api.send("DELETE", "/api/v1/namespaces/team")
        #expect(deleted.status == 200)
        #expect(deleted.body["status"] == ["phase": "Terminating"])
        let terminating = await api.send("POST", "/api/v1/namespaces/team/configmaps", #"{"metadata":{"name":"d"}}"#)
        #expect(terminating.status == 403)
        #expect(terminating.body["details"]?["causes"]?.arrayValue?.first?["reason"] == "NamespaceTerminating")
        #expect(await api.eventually { await api.send("GET", "/api/v1/namespaces/team").status == 404 })
        #expect(await api.send("GET", "/api/v1/namespaces/team/configmaps/c").status == 404)
    }

    @Test("PUT with a stale resourceVersion is a Conflict; without one it updates")
    func optimisticConcurrency() async {
        let created = await api.send(
            "POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"x"},"data":{"a":"1"}}"#)
        let version = created.body.metadata("resourceVersion")?.stringValue ?? ""
        let updated = await api.send(
            "PUT", "/api/v1/namespaces/default/configmaps/x",
            #"{"metadata":{"name":"x","resourceVersion":"\#(version)"},"data":{"a":"2"}}"#)
        #expect(updated.status == 200)
        let stale = await api.send(
            "PUT", "/api/v1/namespaces/default/configmaps/x",
            #"{"metadata":{"name":"x","resourceVersion":"\#(version)"},"data":{"a":"3"}}"#)
        #expect(stale.status == 409)
        #expect(
            stale.body["message"]
                == "Operation cannot be fulfilled on configmaps \"x\": the object has been modified; please apply your changes to the latest version and try again"
        )
        let unconditional = await api.send(
            "PUT", "/api/v1/namespaces/default/configmaps/x", #"{"metadata":{"name":"x"},"data":{"a":"4"}}"#)
        #expect(unconditional.status == 200 && unconditional.body["data"] == ["a": "4"])
        let mismatched = await api.send("PUT", "/api/v1/namespaces/default/configmaps/x", #"{"metadata":{"name":"y"}}"#)
        #expect(mismatched.status == 400 && mismatched.body["reason"] == "BadRequest")
    }

    @Test("patches: merge, JSON patch, and the media types a real server refuses")
    func patches() async {
        await api.send(
            "POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"x"},"data":{"a":"1","b":"2"}}"#)
        let merged = await api.send(
            "PATCH", "/api/v1/namespaces/default/configmaps/x", #"{"data":{"a":null,"c":"3"}}"#,
            contentType: "application/merge-patch+json")
        #expect(merged.body["data"] == ["b": "2", "c": "3"])
        let patched = await api.send(
            "PATCH", "/api/v1/namespaces/default/configmaps/x",
            #"[{"op":"test","path":"/data/b","value":"2"},{"op":"replace","path":"/data/b","value":"9"}]"#,
            contentType: "application/json-patch+json")
        #expect(patched.body["data"] == ["b": "9", "c": "3"])
        let failedTest = await api.send(
            "PATCH", "/api/v1/namespaces/default/configmaps/x", #"[{"op":"test","path":"/data/b","value":"0"}]"#,
            contentType: "application/json-patch+json")
        #expect(failedTest.status == 422 && failedTest.body["details"] == [:])
        let missing = await api.send(
            "PATCH", "/api/v1/namespaces/default/configmaps/x", #"[{"op":"remove","path":"/data/zzz"}]"#,
            contentType: "application/json-patch+json")
        #expect(missing.status == 422)
        let plainJSON = await api.send(
            "PATCH", "/api/v1/namespaces/default/configmaps/x", #"{"data":{}}"#, contentType: "application/json")
        #expect(
            plainJSON.status == 415 && plainJSON.body["message"] == "415: Unsupported Media Type"
                && plainJSON.body["details"] == [:])
    }

    @Test("dryRun=All answers as if written and stores nothing")
    func dryRun() async {
        let reply = await api.send(
            "POST", "/api/v1/namespaces/default/configmaps?dryRun=All", #"{"metadata":{"name":"d"}}"#)
        #expect(reply.status == 201)
        #expect(reply.body.metadata("uid") != nil && reply.body.metadata("creationTimestamp") != nil)
        #expect(reply.body.metadata("resourceVersion") == nil)
        #expect(await api.send("GET", "/api/v1/namespaces/default/configmaps/d").status == 404)
        #expect(await api.cluster.currentStatistics().writes == 0)
    }

    @Test("DELETE answers a Status by default and the object for Foreground")
    func delete() async {
        await api.send(
            "POST", "/apis/apps/v1/namespaces/default/deployments", SandboxHarness.deployment,
            contentType: "application/yaml")
        let deleted = await api.send("DELETE", "/apis/apps/v1/namespaces/default/deployments/web")
        #expect(deleted.status == 200 && deleted.body["kind"] == "Status" && deleted.body["status"] == "Success")
        #expect(deleted.body["details"]?["kind"] == "deployments" && deleted.body["details"]?["group"] == "apps")
        await api.send(
            "POST", "/apis/apps/v1/namespaces/default/deployments", SandboxHarness.deployment,
            contentType: "application/yaml")
        let foreground = await api.send(
            "DELETE", "/apis/apps/v1/namespaces/default/deployments/web?propagationPolicy=Foreground")
        #expect(foreground.body.metadata("finalizers") == ["foregroundDeletion"])
        #expect(foreground.body.metadata("deletionGracePeriodSeconds") == 0)
    }

    @Test("objects with finalizers stay, marked for deletion, until the finalizers go")
    func finalizers() async {
        await api.send(
            "POST", "/api/v1/namespaces/default/configmaps",
            #"{"metadata":{"name":"f","finalizers":["example.com/hold"]}}"#)
        await api.send("DELETE", "/api/v1/namespaces/default/configmaps/f")
        let held = await api.send("GET", "/api/v1/namespaces/default/configmaps/f")
        #expect(held.status == 200 && held.body.metadata("deletionTimestamp") != nil)
        let released = await api.send(
            "PATCH", "/api/v1/namespaces/default/configmaps/f", #"{"metadata":{"finalizers":null}}"#,
            contentType: "application/merge-patch+json")
        #expect(released.status == 200)
        #expect(await api.send("GET", "/api/v1/namespaces/default/configmaps/f").status == 404)
    }

    @Test("LIST: built-in items carry no kind, sorted by name, paged with limit and continue")
    func list() async {
        for name in ["c", "a", "b"] {
            await api.send(
                "POST", "/api/v1/namespaces/default/configmaps",
                #"{"metadata":{"name":"\#(name)","labels":{"tier":"\#(name == "b" ? "db" : "web")"}}}"#)
        }
        let all = await api.send("GET", "/api/v1/namespaces/default/configmaps")
        let items = all.body["items"]?.arrayValue ?? []
        #expect(items.map { $0.metadata("name") } == ["a", "b", "c"])
        #expect(items.allSatisfy { $0["kind"] == nil && $0["apiVersion"] == nil })
        let page = await api.send("GET", "/api/v1/namespaces/default/configmaps?limit=2")
        #expect(page.body["items"]?.arrayValue?.count == 2)
        #expect(page.body["metadata"]?["remainingItemCount"] == 1)
        let token = page.body["metadata"]?["continue"]?.stringValue ?? ""
        let next = await api.send("GET", "/api/v1/namespaces/default/configmaps?limit=2&continue=\(token)")
        #expect(next.body["items"]?.arrayValue?.map { $0.metadata("name") } == ["c"])
        #expect(next.body["metadata"]?["continue"] == nil)
        let selected = await api.send("GET", "/api/v1/namespaces/default/configmaps?labelSelector=tier%20notin%20(db)")
        #expect(selected.body["items"]?.arrayValue?.map { $0.metadata("name") } == ["a", "c"])
        let byName = await api.send("GET", "/api/v1/configmaps?fieldSelector=metadata.name%3Db")
        #expect(byName.body["items"]?.arrayValue?.map { $0.metadata("name") } == ["b"])
    }

    @Test("paths, methods and users a real server refuses")
    func refusals() async {
        #expect(
            await api.send("GET", "/apis/apps/v1/widgets").body["message"]
                == "the server could not find the requested resource")
        let unknownGroup = await api.send("GET", "/apis/nope.example.com/v1/widgets")
        #expect(unknownGroup.status == 404 && unknownGroup.text == "404 page not found\n")
        #expect(await api.send("POST", "/api/v1/namespaces/default/configmaps/x", "{}").status == 405)
        #expect(await api.send("PUT", "/api/v1/namespaces/default/configmaps", "{}").status == 405)
        let anonymous = await api.send("GET", "/api/v1/namespaces", user: nil)
        #expect(anonymous.status == 403 && anonymous.body["message"]?.stringValue?.contains("system:anonymous") == true)
        #expect(await api.send("GET", "/version", user: nil).status == 200)
        let viewer = UserInfo(name: "viewer", readOnly: true)
        #expect(await api.send("GET", "/api/v1/namespaces/default/configmaps", user: viewer).status == 200)
        let forbidden = await api.send(
            "POST", "/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"v"}}"#, user: viewer)
        #expect(forbidden.status == 403 && forbidden.body["reason"] == "Forbidden")
        #expect(
            forbidden.body["message"]
                == "configmaps is forbidden: User \"viewer\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"default\""
        )
    }

    @Test("the scale subresource reads and patches spec.replicas")
    func scale() async {
        await api.send(
            "POST", "/apis/apps/v1/namespaces/default/deployments", SandboxHarness.deployment,
            contentType: "application/yaml")
        let scale = await api.send("GET", "/apis/apps/v1/namespaces/default/deployments/web/scale")
        #expect(scale.body["kind"] == "Scale" && scale.body["spec"] == ["replicas": 2])
        let scaled = await api.send(
            "PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale", #"{"spec":{"replicas":5}}"#,
            contentType: "application/merge-patch+json")
        #expect(scaled.body["spec"] == ["replicas": 5])
        let deployment = await api.send("GET", "/apis/apps/v1/namespaces/default/deployments/web")
        #expect(deployment.body.value(at: ["spec", "replicas"]) == 5)
        #expect(deployment.body.metadata("generation") == 2)
    }

    @Test("discovery lists built-in groups and, once created, custom resources")
    func discovery() async {
        let core = await api.send("GET", "/api/v1")
        let names = core.body["resources"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names.contains("configmaps") && names.contains("pods/status"))
        let groups = await api.send("GET", "/apis")
        #expect(groups.body["groups"]?.arrayValue?.contains { $0["name"] == "apps" } == true)
        let crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets, singular: widget, shortNames: [wd]}
              versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
            """
        let created = await api.send(
            "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, contentType: "application/yaml")
        #expect(created.status == 201)
        #expect(created.body.value(at: ["spec", "conversion", "strategy"]) == "None")
        let conditions = created.body.value(at: ["status", "conditions"])?.arrayValue ?? []
        #expect(conditions.map { $0["reason"] } == ["NoConflicts", "InitialNamesAccepted"])
        let group = await api.send("GET", "/apis/example.com/v1")
        #expect(group.body["resources"]?.arrayValue?.first?["shortNames"] == ["wd"])
        let widget = await api.send(
            "POST", "/apis/example.com/v1/namespaces/default/widgets",
            #"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":3}}"#)
        #expect(widget.status == 201)
        let list = await api.send("GET", "/apis/example.com/v1/namespaces/default/widgets")
        #expect(
            list.body["items"]?.arrayValue?.first?["kind"] == "Widget", "custom resource list items carry their kind")
        let strategic = await api.send(
            "PATCH", "/apis/example.com/v1/namespaces/default/widgets/w", "{}",
            contentType: "application/strategic-merge-patch+json")
        #expect(strategic.status == 415)
    }
}
