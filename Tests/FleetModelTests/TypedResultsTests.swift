import FleetModel
import Testing

@Suite struct TypedResultsTests {
    @Test(arguments: [
        ("apps/v1", "apps", "v1", "Deployment.v1.apps"),
        ("v1", "", "v1", "Deployment.v1"),
        ("argoproj.io/v1alpha1", "argoproj.io", "v1alpha1", "Deployment.v1alpha1.argoproj.io"),
        ("", "", "", "Deployment."),
    ])
    func groupVersionKindSplitsTheAPIVersionOnce(apiVersion: String, group: String, version: String, text: String) {
        let type = GroupVersionKind(apiVersion: apiVersion, kind: "Deployment")
        #expect(type.group == group)
        #expect(type.version == version)
        #expect(type.apiVersion == apiVersion)
        #expect(type.description == text)
    }

    @Test func resourceKeyTakesItsGroupFromTheAPIVersion() {
        let object: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["namespace": "prod", "name": "web"],
        ]
        #expect(ResourceKey(object) == ResourceKey(group: "apps", kind: "Deployment", namespace: "prod", name: "web"))
        #expect(ResourceKey(object).description == "Deployment/prod/web")
    }

    @Test(arguments: [
        (ObjectResult.created, "created"), (.configured, "configured"), (.replaced, "replaced"),
        (.unchanged, "unchanged"), (.pruned, "pruned"), (.skipped, "skipped"), (.failed, "failed"),
        (.deleted, "deleted"), (.kept, "kept"), (.hook(.preSync, succeeded: true), "PreSync hook succeeded"),
        (.hook(.syncFail, succeeded: false), "SyncFail hook failed"),
    ])
    func objectResultsPrintAsSyncOutputSaysThem(result: ObjectResult, text: String) {
        #expect(result.description == text)
    }

    @Test func statusesPrintTheirArgoNames() {
        #expect(SyncStatus.allCases.map(\.description) == ["Synced", "OutOfSync", "Unknown"])
        #expect(
            HealthStatus.allCases.map(\.description) == [
                "Healthy", "Suspended", "Progressing", "Missing", "Degraded", "Unknown",
            ])
    }
}
