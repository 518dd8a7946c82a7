import FleetModel
import Testing

@testable import Reconcile

/// Helm's hooks run in the Argo CD sync phases Argo CD gives them.
@Suite struct HelmHooksTests {
    private func object(_ annotations: [String: String]) -> JSONValue {
        let members = annotations.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
        return ["kind": "Job", "metadata": ["name": "migrate", "annotations": .object(JSONObject(members))]]
    }

    @Test(arguments: [
        ("pre-install", [HookPhase.preSync]), ("pre-upgrade", [.preSync]), ("pre-install,pre-upgrade", [.preSync]),
        ("post-install", [.postSync]), ("post-upgrade", [.postSync]),
        ("pre-install, post-install", [.preSync, .postSync]),
    ])
    func helmHooksMapToSyncPhases(_ hook: String, _ phases: [HookPhase]) {
        #expect(Hooks.phases(of: object(["helm.sh/hook": hook])) == phases)
        #expect(!HelmHooks.isSkipped(object(["helm.sh/hook": hook])))
    }

    @Test(arguments: ["test", "test-success", "pre-delete", "post-delete", "pre-rollback", "post-rollback"])
    func hooksWithoutASyncPhaseAreNotApplied(_ hook: String) {
        #expect(Hooks.phases(of: object(["helm.sh/hook": hook])) == nil)
        #expect(HelmHooks.isSkipped(object(["helm.sh/hook": hook])))
    }

    @Test func crdInstallIsAnOrdinaryObject() {
        #expect(Hooks.phases(of: object(["helm.sh/hook": "crd-install"])) == nil)
        #expect(!HelmHooks.isSkipped(object(["helm.sh/hook": "crd-install"])))
    }

    @Test func argoCDsAnnotationWins() {
        let both = object([
            "helm.sh/hook": "post-install", "argocd.argoproj.io/hook": "Sync", "helm.sh/hook-weight": "5",
        ])
        #expect(Hooks.phases(of: both) == [.sync])
        #expect(!HelmHooks.isSkipped(object(["helm.sh/hook": "test", "argocd.argoproj.io/hook": "PostSync"])))
    }

    @Test func weightIsTheWaveAndDeletePoliciesAreRenamed() {
        let hook = object([
            "helm.sh/hook": "pre-upgrade", "helm.sh/hook-weight": "-5",
            "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
        ])
        #expect(Hooks.wave(of: hook) == -5)
        #expect(Hooks.deletePolicies(of: hook) == ["BeforeHookCreation", "HookSucceeded"])
        #expect(Hooks.deletePolicies(of: object(["helm.sh/hook": "pre-upgrade"])) == ["BeforeHookCreation"])
        #expect(Hooks.wave(of: object(["helm.sh/hook-weight": "3"])) == 0)
    }
}
