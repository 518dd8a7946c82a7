import Engine
import FleetModel
import Testing

@Suite("What becomes of an Application the fleet files stop generating")
struct RetirementDecisionTests {
    static let vanished = VanishedTarget(application: "web-c2", cluster: "c2", applicationSet: "web")

    static let cases: [(syncPolicy: JSONValue?, generated: Int, deletes: Bool, why: String)] = [
        (["applicationsSync": "sync"], 1, true, ""),
        (["applicationsSync": "create-delete"], 3, true, ""),
        (
            ["applicationsSync": "create-update"], 1, false,
            "applicationsSync: create-update, so deletion is not allowed"
        ),
        (["applicationsSync": "create-only"], 1, false, "applicationsSync: create-only, so deletion is not allowed"),
        (nil, 1, false, "applicationsSync is not set, so deletion is not allowed"),
        (["applicationsSync": "sync"], 0, false, "generated no Applications; an empty result deletes nothing"),
        (
            ["applicationsSync": "sync", "preserveResourcesOnDeletion": true], 1, false,
            "sets preserveResourcesOnDeletion"
        ),
        (["applicationsSync": "sync", "preserveResourcesOnDeletion": false], 1, true, ""),
    ]

    @Test(
        "deletion needs create-delete or sync, a non-empty generator result and resources not preserved",
        arguments: cases.indices)
    func decision(index: Int) {
        let example = Self.cases[index]
        let policy = DeletionPolicy(syncPolicy: example.syncPolicy, generated: example.generated)
        let decision = RetirementDecision.of(Self.vanished, policies: ["web": policy])
        if example.deletes {
            #expect(decision == .delete)
        } else if case .forget(let why) = decision {
            #expect(why.contains(example.why), "\(why)")
        } else {
            Issue.record("case \(index) deletes, expected to keep the objects")
        }
    }

    @Test("a plain Application, or one whose ApplicationSet left the fleet files, keeps its objects")
    func withoutPolicy() {
        let plain = VanishedTarget(application: "monitoring", cluster: "c1", applicationSet: nil)
        #expect(RetirementDecision.of(plain, policies: [:]) == .forget("it was a plain Application; its objects stay"))
        #expect(
            RetirementDecision.of(Self.vanished, policies: [:])
                == .forget("its ApplicationSet web is no longer in the fleet files; its objects stay"))
    }
}
