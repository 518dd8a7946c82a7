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
        let decision = RetirementDecision.of(Self.vanished, in: Self.context(["web": policy]))
        if example.deletes {
            #expect(decision == .delete)
        } else if case .forget(let why) = decision {
            #expect(why.contains(example.why), "\(why)")
        } else {
            Issue.record("case \(index) deletes, expected to keep the objects")
        }
    }

    static func context(
        _ policies: [String: DeletionPolicy], generated: [String: String] = ["web-c1": "c1"],
        clusters: Set<String> = ["c1", "c2"]
    ) -> RetirementContext {
        RetirementContext(policies: policies, generated: generated, registeredClusters: clusters)
    }

    @Test("a plain Application, or one whose ApplicationSet left the fleet files, keeps its objects")
    func withoutPolicy() {
        let plain = VanishedTarget(application: "monitoring", cluster: "c1", applicationSet: nil)
        #expect(
            RetirementDecision.of(plain, in: Self.context([:]))
                == .forget("it was a plain Application; its objects stay"))
        #expect(
            RetirementDecision.of(Self.vanished, in: Self.context([:]))
                == .forget("its ApplicationSet web is no longer in the fleet files; its objects stay"))
    }

    @Test("an Application now generated for another cluster, or on a cluster no longer registered, deletes nothing")
    func movedOrUnregistered() {
        let allowed = ["web": DeletionPolicy(syncPolicy: ["applicationsSync": "sync"], generated: 2)]
        // web-c2 now goes to c3 — or c3 is a second registry name for c2's API server.
        #expect(
            RetirementDecision.of(Self.vanished, in: Self.context(allowed, generated: ["web-c2": "c3"]))
                == .forget("Application web-c2 is now generated for cluster c3; its objects on c2 stay"))
        #expect(
            RetirementDecision.of(Self.vanished, in: Self.context(allowed, clusters: ["c1"]))
                == .forget("cluster c2 is no longer registered; nothing on it was touched"))
        #expect(RetirementDecision.of(Self.vanished, in: Self.context(allowed)) == .delete)
    }
}
