import Controller
import FleetModel
import KubeClient
import Prometheus
import Reconcile
import Testing

@Suite("Metrics under Argo CD's names, through an injected factory")
struct FleetMetricsTests {
    let registry = PrometheusCollectorRegistry()
    let metrics: FleetMetrics

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = FleetMetrics.histogramBuckets
        metrics = FleetMetrics(factory: factory)
    }

    static let web = ApplicationLabels(
        name: "web", project: "apps", destServer: "https://prod:6443", destNamespace: "web",
        repo: "https://git.example.com/org/gitops.git", autosync: true)

    /// The exposition's sample lines of `name` (and its `_bucket`/`_sum`/`_count`), sorted.
    func lines(_ name: String) -> [String] {
        registry.emitToString().split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }.sorted()
    }

    @Test("argocd_app_info: one series per target with Argo CD's labels; a change replaces the series")
    func appInfo() {
        metrics.setTarget("web@prod", labels: Self.web, syncStatus: .synced, health: .healthy)
        #expect(
            lines("argocd_app_info") == [
                #"argocd_app_info{name="web",namespace="argocd",project="apps",dest_server="https://prod:6443",dest_namespace="web",repo="https://git.example.com/org/gitops.git",sync_status="Synced",health_status="Healthy",autosync_enabled="true"} 1.0"#
            ])
        metrics.setTarget("web@prod", labels: Self.web, syncStatus: .outOfSync, health: .degraded)
        let after = lines("argocd_app_info")
        #expect(after.count == 1)
        #expect(after.first?.contains(#"sync_status="OutOfSync",health_status="Degraded""#) == true)
        #expect(
            lines("flotilla_targets").sorted() == [
                #"flotilla_targets{sync_status="OutOfSync",health_status="Degraded"} 1.0"#,
                #"flotilla_targets{sync_status="Synced",health_status="Healthy"} 0.0"#,
            ])
        metrics.removeTarget("web@prod")
        #expect(lines("argocd_app_info").isEmpty)
        #expect(metrics.targetIDs.isEmpty)
    }

    @Test("targets share flotilla_targets by state; the same state twice changes nothing")
    func targetsByState() {
        var api = Self.web
        api.name = "api"
        metrics.setTarget("web@prod", labels: Self.web, syncStatus: .synced, health: .healthy)
        metrics.setTarget("api@prod", labels: api, syncStatus: .synced, health: .healthy)
        metrics.setTarget("api@prod", labels: api, syncStatus: .synced, health: .healthy)
        #expect(lines("flotilla_targets") == [#"flotilla_targets{sync_status="Synced",health_status="Healthy"} 2.0"#])
        #expect(lines("argocd_app_info").count == 2)
    }

    @Test("syncs, heals and reconcile durations (Argo CD's buckets, in seconds)")
    func events() {
        metrics.recordSync(Self.web, phase: .succeeded)
        metrics.recordSync(Self.web, phase: .succeeded)
        metrics.recordSync(Self.web, phase: .failed)
        metrics.recordHeal(Self.web)
        metrics.recordReconcile(Self.web, duration: .milliseconds(300))
        metrics.recordReconcile(Self.web, duration: .seconds(3))
        #expect(
            lines("argocd_app_sync_total") == [
                #"argocd_app_sync_total{name="web",namespace="argocd",project="apps",phase="Failed",dest_server="https://prod:6443"} 1"#,
                #"argocd_app_sync_total{name="web",namespace="argocd",project="apps",phase="Succeeded",dest_server="https://prod:6443"} 2"#,
            ])
        #expect(
            lines("flotilla_heals_total") == [#"flotilla_heals_total{name="web",dest_server="https://prod:6443"} 1"#])
        let buckets = lines("argocd_app_reconcile_bucket")
        #expect(buckets.count == 8)
        #expect(
            buckets.contains(
                #"argocd_app_reconcile_bucket{namespace="argocd",dest_server="https://prod:6443",le="0.25"} 0"#))
        #expect(
            buckets.contains(
                #"argocd_app_reconcile_bucket{namespace="argocd",dest_server="https://prod:6443",le="0.5"} 1"#))
        #expect(
            buckets.contains(
                #"argocd_app_reconcile_bucket{namespace="argocd",dest_server="https://prod:6443",le="4.0"} 2"#))
        #expect(
            lines("argocd_app_reconcile_count") == [
                #"argocd_app_reconcile_count{namespace="argocd",dest_server="https://prod:6443"} 2"#
            ])
    }

    @Test("cluster connection and watches; a new Kubernetes version replaces the series")
    func clusters() {
        metrics.setClusterConnection(server: "https://prod:6443", k8sVersion: "v1.30.1", connected: true)
        metrics.setClusterConnection(server: "https://prod:6443", k8sVersion: "v1.31.0", connected: false)
        metrics.setWatches(cluster: "prod", count: 4)
        #expect(
            lines("argocd_cluster_connection_status") == [
                #"argocd_cluster_connection_status{server="https://prod:6443",k8s_version="v1.31.0"} 0.0"#
            ])
        #expect(lines("flotilla_watches") == [#"flotilla_watches{cluster="prod"} 4.0"#])
        metrics.removeCluster(server: "https://prod:6443", cluster: "prod")
        #expect(lines("argocd_cluster_connection_status").isEmpty)
        #expect(lines("flotilla_watches").isEmpty)
    }

    @Test("Kubernetes and git requests through the observers")
    func requests() {
        let observe = metrics.kubeRequestObserver(server: "https://prod:6443")
        observe(
            KubeRequestRecord(
                cluster: "prod", verb: "patch", resourceKind: "Deployment", resourceNamespace: "web", responseCode: 200,
                duration: .milliseconds(12),
                application: RequestAttribution(name: "web-prod", namespace: "", project: "platform")))
        observe(
            KubeRequestRecord(cluster: "prod", verb: "get", resourceKind: "Service", responseCode: 404, duration: .zero)
        )
        #expect(
            lines("argocd_app_k8s_request_total") == [
                #"argocd_app_k8s_request_total{namespace="",name="",project="",server="https://prod:6443",response_code="404",verb="get",resource_kind="Service",resource_namespace=""} 1"#,
                #"argocd_app_k8s_request_total{namespace="argocd",name="web-prod",project="platform",server="https://prod:6443",response_code="200",verb="patch",resource_kind="Deployment",resource_namespace="web"} 1"#,
            ])
        metrics.gitRequestObserver(
            GitRequestRecord(
                repoURL: "https://git.example.com/org/gitops.git", kind: .fetch, duration: .seconds(1.5), failed: false)
        )
        #expect(
            lines("argocd_git_request_total") == [
                #"argocd_git_request_total{repo="https://git.example.com/org/gitops.git",request_type="fetch"} 1"#
            ])
        #expect(lines("argocd_git_request_duration_seconds_bucket").count == 9)
        #expect(
            lines("argocd_git_request_duration_seconds_bucket").contains(
                #"argocd_git_request_duration_seconds_bucket{repo="https://git.example.com/org/gitops.git",request_type="fetch",le="2.0"} 1"#
            ))
    }

    @Test("labels from an Application: Argo CD's default namespace, no credentials in the repo")
    func applicationLabels() throws {
        let documents = try YAMLLoader.load(
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: { name: web }
            spec:
              project: apps
              source: { repoURL: "https://bot:t0ken@git.example.com/org/gitops.git", targetRevision: main, path: web }
              destination: { name: prod, namespace: web }
              syncPolicy: { automated: { prune: true } }
            """, file: "web.yaml")
        let application = try Application(reading: try #require(documents.first).reader)
        let labels = ApplicationLabels(application, server: "https://prod:6443")
        #expect(
            labels
                == ApplicationLabels(
                    name: "web", namespace: "argocd", project: "apps", destServer: "https://prod:6443",
                    destNamespace: "web", repo: "https://***@git.example.com/org/gitops.git", autosync: true))
    }
}
