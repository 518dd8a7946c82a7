import FleetModel
import Testing

@testable import Reconcile

@Suite("ignoreDifferences, normalization and retries")
struct DiffRulesTests {
    static let application: JSONValue = [
        "spec": [
            "ignoreDifferences": [
                ["group": "apps", "kind": "Deployment", "jsonPointers": ["/spec/replicas", "/metadata/labels/a~1b"]],
                [
                    "kind": "ConfigMap", "name": "c",
                    "jqPathExpressions": [
                        ".data.token", ".spec.containers[0].image", ".metadata.annotations[\"x.y/z\"]",
                    ],
                ],
                ["group": "*", "kind": "*", "managedFieldsManagers": ["hpa-controller"]],
            ]
        ]
    ]

    @Test("rules read pointers, simple jq paths and managers")
    func rules() throws {
        let rules = try IgnoreRule.rules(of: Self.application)
        #expect(rules.count == 3)
        #expect(rules[0].paths == [["spec", "replicas"], ["metadata", "labels", "a/b"]])
        #expect(
            rules[1].paths == [
                ["data", "token"], ["spec", "containers", "0", "image"], ["metadata", "annotations", "x.y/z"],
            ])
        #expect(rules[1].selects(ResourceKey(group: "", kind: "ConfigMap", namespace: "n", name: "c")))
        #expect(!rules[1].selects(ResourceKey(group: "", kind: "ConfigMap", namespace: "n", name: "d")))
        #expect(rules[2].managers == ["hpa-controller"])
    }

    @Test("a jq expression beyond plain paths is refused with its field", arguments: [".spec | keys", "spec", ".a[x]"])
    func unsupportedJQ(expression: String) {
        let document: JSONValue = [
            "spec": ["ignoreDifferences": [["kind": "X", "jqPathExpressions": [.string(expression)]]]]
        ]
        #expect(throws: ReconcileError.self) { try IgnoreRule.rules(of: document) }
    }

    @Test("normalization drops bookkeeping, status and ignored fields, and fields owned by ignored managers")
    func normalization() throws {
        let live: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": [
                "name": "web", "namespace": "n", "uid": "u", "resourceVersion": "7", "generation": 3,
                "labels": ["a/b": "1", "keep": "2"],
                "managedFields": [
                    [
                        "manager": "hpa-controller",
                        "fieldsV1": [
                            "f:spec": [
                                "f:template": [
                                    "f:spec": ["f:containers": ["k:{\"name\":\"web\"}": ["f:resources": [:]]]]
                                ]
                            ]
                        ],
                    ]
                ],
            ],
            "spec": [
                "replicas": 4,
                "template": [
                    "spec": ["containers": [["name": "web", "image": "nginx", "resources": ["limits": ["cpu": "1"]]]]]
                ],
            ],
            "status": ["replicas": 4],
        ]
        let normalized = Normalizer.normalized(live, rules: try IgnoreRule.rules(of: Self.application), owners: live)
        #expect(
            normalized == [
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": ["name": "web", "namespace": "n", "labels": ["keep": "2"]],
                "spec": ["template": ["spec": ["containers": [["name": "web", "image": "nginx"]]]]],
            ])
    }

    @Test("Secret values are masked; a changed value gets a longer mask than an unchanged one")
    func secrets() {
        let live: JSONValue = ["kind": "Secret", "data": ["same": "YQ==", "changed": "Yg=="]]
        let desired: JSONValue = ["kind": "Secret", "data": ["same": "YQ==", "changed": "Yw=="]]
        let (maskedLive, maskedDesired) = Normalizer.maskedSecrets(live, desired)
        #expect(maskedLive?["data"] == ["same": "++++++++", "changed": "++++++++"])
        #expect(maskedDesired?["data"] == ["same": "++++++++", "changed": "+++++++++"])
    }

    @Test("retry durations parse as Go writes them; delays grow by the factor up to the maximum")
    func retry() throws {
        #expect(try RetryPolicy.parse("5s") == .seconds(5))
        #expect(try RetryPolicy.parse("1m30s") == .seconds(90))
        #expect(try RetryPolicy.parse("250ms") == .milliseconds(250))
        #expect(throws: ReconcileError.self) { try RetryPolicy.parse("5") }
        #expect(throws: ReconcileError.self) { try RetryPolicy.parse("5d") }
        let policy = RetryPolicy(limit: 5, duration: .seconds(5), factor: 2, maxDuration: .seconds(30))
        #expect(
            (1...5).map { policy.delay(before: $0) } == [
                .seconds(5), .seconds(10), .seconds(20), .seconds(30), .seconds(30),
            ])
        let fromSpec = try RetryPolicy(SyncPolicy.Retry(limit: 2, duration: "1s", factor: 3, maxDuration: "1m"))
        #expect(fromSpec == RetryPolicy(limit: 2, duration: .seconds(1), factor: 3, maxDuration: .seconds(60)))
    }

    @Test("tracking marks name the Application and the object; only such objects count as owned")
    func tracking() {
        let object: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web", "namespace": "prod"],
        ]
        let marked = Tracking.mark(object, application: "shop")
        #expect(marked["metadata"]?["labels"]?["app.kubernetes.io/instance"] == "shop")
        #expect(marked["metadata"]?["annotations"]?["flotilla.dev/tracking-id"] == "shop:apps/Deployment:prod/web")
        #expect(Tracking.isOwned(marked, by: "shop"))
        #expect(!Tracking.isOwned(marked, by: "other"))
        #expect(!Tracking.isOwned(object, by: "shop"))
    }
}
