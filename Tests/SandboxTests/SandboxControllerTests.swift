import FleetModel
import FleetTesting
import Testing

@testable import Sandbox

@Suite("Sandbox simulated controllers")
struct SandboxControllerTests {
    let api: SandboxHarness

    init() throws {
        api = try SandboxHarness(
            options: SandboxOptions(rolloutDelay: .milliseconds(50), progressDeadline: .milliseconds(200)))
    }

    private func condition(_ object: JSONValue, _ type: String) -> JSONValue? {
        object.value(at: ["status", "conditions"])?.arrayValue?.first { $0["type"] == .string(type) }
    }

    @Test("a Deployment rolls out: status follows the spec, Available and Progressing true")
    func rollout() async {
        await api.send(
            "POST", "/apis/apps/v1/namespaces/default/deployments", SandboxHarness.deployment,
            contentType: "application/yaml")
        let path = "/apis/apps/v1/namespaces/default/deployments/web"
        #expect(await api.eventually { condition(await api.send("GET", path).body, "Available")?["status"] == "True" })
        let live = await api.send("GET", path).body
        #expect(live.value(at: ["status", "observedGeneration"]) == 1)
        #expect(
            live.value(at: ["status", "readyReplicas"]) == 2 && live.value(at: ["status", "updatedReplicas"]) == 2)
        #expect(condition(live, "Progressing")?["reason"] == "NewReplicaSetAvailable")
        let statusEntry = live.managedFields.first { $0.manager == "kube-controller-manager" }
        #expect(statusEntry?.subresource == "status" && statusEntry?.operation == "Update")
        await api.send(
            "PATCH", path + "/scale", #"{"spec":{"replicas":4}}"#, contentType: "application/merge-patch+json")
        #expect(await api.eventually { await api.send("GET", path).body.value(at: ["status", "readyReplicas"]) == 4 })
        #expect(await api.send("GET", path).body.value(at: ["status", "observedGeneration"]) == 2)
    }

    @Test("an image tagged fail never becomes available and exceeds its progress deadline")
    func failingImage() async {
        let yaml = SandboxHarness.deployment.replacingOccurrences(of: "nginx:1.27", with: "nginx:fail")
        await api.send("POST", "/apis/apps/v1/namespaces/default/deployments", yaml, contentType: "application/yaml")
        let path = "/apis/apps/v1/namespaces/default/deployments/web"
        #expect(
            await api.eventually {
                condition(await api.send("GET", path).body, "Progressing")?["reason"] == "ProgressDeadlineExceeded"
            })
        let live = await api.send("GET", path).body
        #expect(condition(live, "Available")?["status"] == "False")
        #expect(live.value(at: ["status", "unavailableReplicas"]) == 2)
    }

    /// Kubernetes' deployment controller on 2 replicas (maxSurge 25% → 1, maxUnavailable 25% →
    /// 0): the new ReplicaSet gets the one surge pod, the old one keeps both available pods.
    @Test("an update to an image tagged fail keeps the old pods available; the new ones never become ready")
    func failingUpdate() async {
        await api.send(
            "POST", "/apis/apps/v1/namespaces/default/deployments", SandboxHarness.deployment,
            contentType: "application/yaml")
        let path = "/apis/apps/v1/namespaces/default/deployments/web"
        #expect(await api.eventually { await api.send("GET", path).body.value(at: ["status", "readyReplicas"]) == 2 })
        await api.send(
            "PATCH", path, #"{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:fail"}]}}}}"#,
            contentType: "application/strategic-merge-patch+json")
        #expect(
            await api.eventually {
                condition(await api.send("GET", path).body, "Progressing")?["reason"] == "ProgressDeadlineExceeded"
            })
        let live = await api.send("GET", path).body
        let status = live["status"] ?? .null
        #expect(status["replicas"] == 3, "\(status)")
        #expect(status["updatedReplicas"] == 1)
        #expect(status["readyReplicas"] == 2)
        #expect(status["availableReplicas"] == 2)
        #expect(status["unavailableReplicas"] == 1)
        #expect(condition(live, "Available")?["status"] == "True", "minimum availability: 2 ≥ 2 − 0")
    }

    @Test(
        "a failing rolling update's pods, as the deployment controller scales them",
        arguments: [
            // replicas, strategy, available before → old pods, new pods, max unavailable
            (4, "", 4, 3, 2, 1),  // 25%: surge 1, unavailable 1
            (10, "", 10, 8, 5, 2),  // surge ceil(2.5) = 3, unavailable floor(2.5) = 2
            (3, "rollingUpdate: {maxSurge: 0%, maxUnavailable: 25%}", 3, 2, 1, 1),  // both resolve to 0: 1 unavailable
            (3, "rollingUpdate: {maxSurge: 2, maxUnavailable: 0}", 3, 3, 2, 0),
            (3, "type: Recreate", 3, 0, 3, 0),  // all old pods go; Available False (0 < 3 − 0)
            (3, "", 0, 0, 3, 0),  // nothing available before: every pod is new
        ])
    func rollingUpdateArithmetic(
        replicas: Int, strategy: String, before: Int, old: Int, new: Int, unavailable: Int
    ) throws {
        let yaml = "spec:\n  replicas: \(replicas)\n" + (strategy.isEmpty ? "" : "  strategy: {\(strategy)}\n")
        let deployment = try YAMLLoader.load(yaml, file: "deployment.yaml")[0].value
        let rollout = DeploymentRollout(deployment, availableBefore: before)
        #expect([rollout.oldPods, rollout.newPods, rollout.maxUnavailable] == [old, new, unavailable])
    }

    @Test("Jobs complete, PVCs bind, LoadBalancer Services get an address")
    func otherControllers() async {
        let job =
            #"{"metadata":{"name":"j"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1"}]}}}}"#
        await api.send("POST", "/apis/batch/v1/namespaces/default/jobs", job)
        let pvc =
            #"{"metadata":{"name":"p"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}"#
        await api.send("POST", "/api/v1/namespaces/default/persistentvolumeclaims", pvc)
        let service = #"{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","ports":[{"port":443}]}}"#
        await api.send("POST", "/api/v1/namespaces/default/services", service)
        #expect(
            await api.eventually {
                condition(await api.send("GET", "/apis/batch/v1/namespaces/default/jobs/j").body, "Complete")?["status"]
                    == "True"
            })
        #expect(
            await api.eventually {
                await api.send("GET", "/api/v1/namespaces/default/persistentvolumeclaims/p").body.value(at: [
                    "status", "phase",
                ]) == "Bound"
            })
        #expect(
            await api.eventually {
                await api.send("GET", "/api/v1/namespaces/default/services/lb").body.value(at: [
                    "status", "loadBalancer", "ingress",
                ]) == [["ip": "192.0.2.10", "ipMode": "VIP"]]
            })
    }
}

@Suite("Sandbox state")
struct SandboxStateTests {
    @Test("a saved fleet starts again with its objects, resource version, CA and tokens")
    func saveAndRestore() async throws {
        let folder = try FleetTesting.TemporaryFolder()
        defer { folder.remove() }
        let fleet = try await SandboxFleet.start(names: ["keep"])
        let cluster = fleet.members[0].cluster
        let request = APIRequest(
            method: "POST", uri: "/api/v1/namespaces/default/configmaps", headers: ["content-type": "application/json"],
            body: Array(#"{"metadata":{"name":"kept"},"data":{"a":"1"}}"#.utf8), user: SandboxHarness.admin)
        _ = await cluster.handle(request)
        let version = await cluster.currentResourceVersion()
        try await fleet.save(to: folder.path)
        await fleet.stop()
        let restarted = try await SandboxFleet.start(names: ["keep"], stateDirectory: folder.path)
        defer { Task { await restarted.stop() } }
        let again = restarted.members[0]
        #expect(again.adminToken == fleet.members[0].adminToken)
        #expect(again.cluster.pki.caCertificatePEM == cluster.pki.caCertificatePEM)
        #expect(await again.cluster.currentResourceVersion() == version)
        let fetched = await again.cluster.handle(
            APIRequest(
                method: "GET", uri: "/api/v1/namespaces/default/configmaps/kept", headers: [:], body: [],
                user: SandboxHarness.admin))
        #expect(fetched.status == 200)
    }
}
