import FleetModel
import Testing

@testable import KubeClient

@Suite("Request builder")
struct RequestBuilderTests {
    static let deployments = ResourceType(
        group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true,
        verbs: ["get", "list", "watch", "create", "patch", "delete"])
    static let namespaces = ResourceType(
        group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, verbs: ["get"])
    static let web: JSONValue = [
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web", "namespace": "shop"],
        "spec": ["replicas": 2],
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let request: KubeRequest
        let method: String
        let target: String
        let contentType: String?
        let body: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "version", request: RequestBuilder.version(), method: "GET", target: "/version", contentType: nil,
            body: nil),
        Case(
            name: "get namespaced", request: RequestBuilder.get(deployments, namespace: "shop", name: "web"),
            method: "GET", target: "/apis/apps/v1/namespaces/shop/deployments/web", contentType: nil, body: nil),
        Case(
            name: "get cluster-scoped ignores the namespace",
            request: RequestBuilder.get(namespaces, namespace: "shop", name: "shop"), method: "GET",
            target: "/api/v1/namespaces/shop", contentType: nil, body: nil),
        Case(
            name: "list across namespaces with selectors and a page size",
            request: RequestBuilder.list(
                deployments, namespace: nil,
                options: ListOptions(
                    labelSelector: "app in (web,api),tier!=db", fieldSelector: "metadata.name=web", pageSize: 50),
                continueToken: "abc=="),
            method: "GET",
            target:
                "/apis/apps/v1/deployments?labelSelector=app%20in%20%28web%2Capi%29%2Ctier%21%3Ddb&fieldSelector=metadata.name%3Dweb&limit=50&continue=abc%3D%3D",
            contentType: nil, body: nil),
        Case(
            name: "watch from a resource version",
            request: RequestBuilder.watch(
                deployments, namespace: "shop", options: ListOptions(labelSelector: "app=web"), resourceVersion: "42",
                timeoutSeconds: 30),
            method: "GET",
            target:
                "/apis/apps/v1/namespaces/shop/deployments?watch=true&labelSelector=app%3Dweb&resourceVersion=42&timeoutSeconds=30&allowWatchBookmarks=true",
            contentType: nil, body: nil),
        Case(
            name: "create (dry run)", request: RequestBuilder.create(web, as: deployments, dryRun: true),
            method: "POST", target: "/apis/apps/v1/namespaces/shop/deployments?dryRun=All",
            contentType: "application/json",
            body:
                #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},"spec":{"replicas":2}}"#
        ),
        Case(
            name: "server-side apply, forced",
            request: RequestBuilder.apply(
                web, as: deployments, options: ApplyOptions(fieldManager: "flotilla", force: true, dryRun: true)),
            method: "PATCH",
            target:
                "/apis/apps/v1/namespaces/shop/deployments/web?fieldManager=flotilla&force=true&dryRun=All&fieldValidation=Strict",
            contentType: "application/apply-patch+yaml",
            body:
                #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},"spec":{"replicas":2}}"#
        ),
        Case(
            name: "replace", request: RequestBuilder.replace(web, as: deployments), method: "PUT",
            target: "/apis/apps/v1/namespaces/shop/deployments/web", contentType: "application/json",
            body:
                #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},"spec":{"replicas":2}}"#
        ),
        Case(
            name: "merge patch",
            request: RequestBuilder.mergePatch(
                deployments, namespace: "shop", name: "web", patch: ["spec": ["replicas": 3]]),
            method: "PATCH", target: "/apis/apps/v1/namespaces/shop/deployments/web",
            contentType: "application/merge-patch+json", body: #"{"spec":{"replicas":3}}"#),
        Case(
            name: "delete in the foreground",
            request: RequestBuilder.delete(deployments, namespace: "shop", name: "web", propagation: .foreground),
            method: "DELETE", target: "/apis/apps/v1/namespaces/shop/deployments/web?propagationPolicy=Foreground",
            contentType: nil, body: nil),
    ]

    @Test("each call becomes the request kubectl would send", arguments: cases)
    func builds(_ example: Case) {
        #expect(example.request.method == example.method)
        #expect(example.request.target == example.target)
        #expect(example.request.headers["Content-Type"] == example.contentType)
        #expect(example.request.headers["Accept"] == "application/json")
        #expect(example.request.body.map { String(decoding: $0, as: UTF8.self) } == example.body)
    }

    @Test("a URL joins the server and the target, with or without a trailing slash")
    func url() {
        let request = RequestBuilder.get(Self.deployments, namespace: "a", name: "b")
        #expect(request.url(on: "https://k:6443/") == "https://k:6443/apis/apps/v1/namespaces/a/deployments/b")
        #expect(request.url(on: "https://k/prefix") == "https://k/prefix/apis/apps/v1/namespaces/a/deployments/b")
    }
}

extension RequestBuilderTests {
    static let hostileNames: [(name: String, segment: String)] = [
        ("x/../../../team-b/configmaps/team-b-settings", "x%2F..%2F..%2F..%2Fteam-b%2Fconfigmaps%2Fteam-b-settings"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("a?watch=true#frag", "a%3Fwatch%3Dtrue%23frag"),
        ("100%", "100%25"),
        ("white space", "white%20space"),
        ("système", "syst%C3%A8me"),
        ("system:aggregate-to-admin", "system:aggregate-to-admin"),
    ]

    @Test("a name or namespace is always one path segment, whatever it holds", arguments: hostileNames)
    func hostile(_ example: (name: String, segment: String)) {
        let byName = RequestBuilder.delete(
            Self.deployments, namespace: "team-a", name: example.name, propagation: .background, dryRun: false)
        #expect(byName.path == "/apis/apps/v1/namespaces/team-a/deployments/\(example.segment)")
        let byNamespace = RequestBuilder.get(Self.deployments, namespace: example.name, name: "web")
        #expect(byNamespace.path == "/apis/apps/v1/namespaces/\(example.segment)/deployments/web")
        #expect(byName.path.split(separator: "/").count == 7)
    }
}
