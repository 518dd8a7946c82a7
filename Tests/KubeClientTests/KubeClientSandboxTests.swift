import CurlTransport
import FleetModel
import Foundation
import KubeClient
import Sandbox
import Testing

/// The typed API calls against a sandbox cluster, over libcurl.
@Suite("KubeClient against a sandbox cluster")
struct KubeClientSandboxTests {
    static func configMap(_ name: String, labels: JSONValue = [:]) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string(name), "namespace": "default", "labels": labels],
            "data": ["n": .string(name)],
        ]
    }

    @Test("discovery maps kinds to resources and refreshes once when a new CRD's kind is missing")
    func discovery() async throws {
        try await SandboxEndpoints.with { sandbox in
            let client = sandbox.client(sandbox.certificate)
            let deployments = try await client.resource(apiVersion: "apps/v1", kind: "Deployment")
            #expect(deployments.plural == "deployments" && deployments.namespaced)
            #expect(deployments.verbs.contains("patch"))
            let namespaces = try await client.resource(apiVersion: "v1", kind: "Namespace")
            #expect(!namespaces.namespaced)
            let crds = try await client.resource(
                apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition")
            let crd: JSONValue = [
                "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": ["name": "widgets.example.com"],
                "spec": [
                    "group": "example.com", "scope": "Namespaced", "names": ["kind": "Widget", "plural": "widgets"],
                    "versions": [
                        [
                            "name": "v1", "served": true, "storage": true,
                            "schema": [
                                "openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]
                            ],
                        ]
                    ],
                ],
            ]
            _ = try await client.apply(crd, as: crds, options: ApplyOptions(fieldManager: "test"))
            let widgets = try await client.resource(apiVersion: "example.com/v1", kind: "Widget")
            #expect(widgets.plural == "widgets")
            do throws(KubeError) {
                _ = try await client.resource(apiVersion: "example.com/v1", kind: "Gadget")
                Issue.record("an unknown kind was found")
            } catch {
                #expect(error.reason == .notFound)
                #expect(error.description.contains("install the CustomResourceDefinition first"))
            }
        }
    }

    @Test("list follows continue tokens and puts kind and apiVersion on every item; selectors filter")
    func listing() async throws {
        try await SandboxEndpoints.with { sandbox in
            let client = sandbox.client(sandbox.token)
            let configMaps = try await client.resource(apiVersion: "v1", kind: "ConfigMap")
            for index in 0..<25 {
                _ = try await client.create(
                    Self.configMap("c\(index)", labels: ["parity": index % 2 == 0 ? "even" : "odd"]), as: configMaps,
                    dryRun: false)
            }
            let all = try await client.list(configMaps, namespace: "default", options: ListOptions(pageSize: 10))
            #expect(all.items.count == 25)
            #expect(all.items.allSatisfy { $0["kind"] == "ConfigMap" && $0["apiVersion"] == "v1" })
            #expect(all.resourceVersion != nil)
            let odd = try await client.list(
                configMaps, namespace: nil, options: ListOptions(labelSelector: "parity in (odd)", pageSize: 5))
            #expect(odd.items.count == 12)
            let one = try await client.list(
                configMaps, namespace: "default", options: ListOptions(fieldSelector: "metadata.name=c7"))
            #expect(one.items.map { $0["metadata"]?["name"] } == ["c7"])
        }
    }

    @Test("create dry run stores nothing; merge patch, apply conflicts and delete behave as on a server")
    func writes() async throws {
        try await SandboxEndpoints.with { sandbox in
            let client = sandbox.client(sandbox.token)
            let configMaps = try await client.resource(apiVersion: "v1", kind: "ConfigMap")
            let dry = try await client.create(Self.configMap("d"), as: configMaps, dryRun: true)
            #expect(dry["metadata"]?["uid"] != nil)
            #expect(await CurlTransportTests.failure(of: client)?.reason == .notFound)
            _ = try await client.apply(Self.configMap("d"), as: configMaps, options: ApplyOptions(fieldManager: "one"))
            let changed: JSONValue = [
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "d", "namespace": "default"],
                "data": ["n": "other"],
            ]
            do throws(KubeError) {
                _ = try await client.apply(changed, as: configMaps, options: ApplyOptions(fieldManager: "two"))
                Issue.record("a conflicting apply succeeded")
            } catch {
                #expect(error.reason == .conflict)
                #expect(error.message == #"Apply failed with 1 conflict: conflict with "one": .data.n"#)
                #expect(error.causes.map(\.reason) == ["FieldManagerConflict"])
            }
            let forced = try await client.apply(
                changed, as: configMaps, options: ApplyOptions(fieldManager: "two", force: true))
            #expect(forced["data"]?["n"] == "other")
            let patched = try await client.mergePatch(
                configMaps, namespace: "default", name: "d", patch: ["data": ["extra": "1"]], dryRun: false)
            #expect(patched["data"] == ["n": "other", "extra": "1"])
            try await client.delete(
                configMaps, namespace: "default", name: "d", propagation: .background, dryRun: false)
            do throws(KubeError) {
                _ = try await client.get(configMaps, namespace: "default", name: "d")
                Issue.record("the deleted object is still there")
            } catch {
                #expect(error.reason == .notFound)
                #expect(error.message == #"configmaps "d" not found"#)
            }
        }
    }

    @Test("a watch streams events from a resource version")
    func watching() async throws {
        try await SandboxEndpoints.with { sandbox in
            let client = sandbox.client(sandbox.certificate)
            let configMaps = try await client.resource(apiVersion: "v1", kind: "ConfigMap")
            let start = try await client.list(configMaps, namespace: "default", options: ListOptions())
            let events = client.watch(
                configMaps, namespace: "default", options: ListOptions(), resourceVersion: start.resourceVersion)
            _ = try await client.create(Self.configMap("w"), as: configMaps, dryRun: false)
            _ = try await client.mergePatch(
                configMaps, namespace: "default", name: "w", patch: ["data": ["n": "2"]], dryRun: false)
            try await client.delete(
                configMaps, namespace: "default", name: "w", propagation: .background, dryRun: false)
            var seen: [String] = []
            for try await event in events {
                #expect(event.object["kind"] == "ConfigMap")
                seen.append(event.type)
                if seen.count == 3 { break }
            }
            #expect(seen == ["ADDED", "MODIFIED", "DELETED"])
        }
    }

    @Test("tls-server-name verifies the certificate against that name instead of the URL's host")
    func serverName() async throws {
        try await SandboxEndpoints.with { sandbox in
            var endpoint = sandbox.endpoint(sandbox.token)
            endpoint.tlsServerName = "kubernetes"
            let version = try await KubeClient(transport: CurlTransport(endpoint: endpoint)).version()
            #expect(version.gitVersion == "v1.36.0")
            endpoint.tlsServerName = "elsewhere.example"
            let error = await CurlTransportTests.failure(of: KubeClient(transport: CurlTransport(endpoint: endpoint)))
            #expect(error?.reason == .tls)
        }
    }
}
