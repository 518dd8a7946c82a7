import Engine
import FleetModel
import Testing

@Suite("A rollout plan: steps of targets from the generated Applications' labels")
struct RolloutPlanTests {
    @Test("a target joins the first step whose expressions match, in step order, fleet order within")
    func steps() throws {
        let strategy = RolloutStrategy(steps: [
            RolloutStep(selector: RolloutFakes.wave("canary")),
            RolloutStep(
                selector: LabelSelector(requirements: [
                    LabelRequirement(key: "wave", operator: .notIn, values: ["canary", "rest"])
                ])),
            RolloutStep(selector: LabelSelector(requirements: [LabelRequirement(key: "wave", operator: .exists)])),
        ])
        let plan = RolloutPlan(strategy, targets: try RolloutFakes.waves().reversed())
        #expect(
            plan.steps.map { $0.targets.map(\.cluster) } == [
                ["c3", "c2", "c1"], ["c6", "c5", "c4"], ["c9", "c8", "c7"],
            ])
        #expect(plan.steps.map(\.title) == ["wave=canary", "wave notin (canary,rest)", "wave"])
        #expect(plan.steps.map(\.maxUpdate) == [3, 3, 3], "maxUpdate defaults to 100%")
        #expect(plan.step(of: "web-c5@c5") == 1)
    }

    @Test("DoesNotExist selects unlabelled targets; a step nothing matches is kept, empty")
    func doesNotExist() throws {
        let targets = [
            try RolloutFakes.target("a", cluster: "a", labels: [:]),
            try RolloutFakes.target("b", cluster: "b", labels: ["wave": "canary"]),
        ]
        let plan = RolloutPlan(
            RolloutStrategy(steps: [
                RolloutStep(selector: RolloutFakes.wave("early")),
                RolloutStep(
                    selector: LabelSelector(requirements: [LabelRequirement(key: "wave", operator: .doesNotExist)])),
                RolloutStep(selector: RolloutFakes.wave("canary")),
            ]), targets: targets)
        #expect(plan.steps.map { $0.targets.map(\.cluster) } == [[], ["a"], ["b"]])
    }

    @Test(
        "maxUpdate as a count or a percentage of the step, batches of at most that many",
        arguments: [
            (RolloutQuantity.count(1), [[1], [2], [3]]), (.percent(50), [[1], [2], [3]]), (.count(2), [[1, 2], [3]]),
            (.percent(100), [[1, 2, 3]]), (.percent(67), [[1, 2], [3]]),
        ])
    func maxUpdate(quantity: RolloutQuantity, batches: [[Int]]) throws {
        let plan = RolloutPlan(
            RolloutStrategy(steps: [RolloutStep(selector: RolloutFakes.wave("canary"), maxUpdate: quantity)]),
            targets: try RolloutFakes.waves())
        let step = plan.steps[0]
        #expect(step.batches(of: step.targets).map { $0.map(\.cluster) } == batches.map { $0.map { "c\($0)" } })
    }

    @Test(
        "targets no step selects follow in autoPartitionSize batches, or in one last step",
        arguments: [
            (RolloutQuantity?.none, [["c1", "c2", "c3"], ["c4", "c5", "c6", "c7", "c8", "c9"]]),
            (.count(4), [["c1", "c2", "c3"], ["c4", "c5", "c6", "c7"], ["c8", "c9"]]),
            (.percent(50), [["c1", "c2", "c3"], ["c4", "c5", "c6"], ["c7", "c8", "c9"]]),
        ])
    func autoPartition(size: RolloutQuantity?, steps: [[String]]) throws {
        let plan = RolloutPlan(
            RolloutStrategy(steps: [RolloutStep(selector: RolloutFakes.wave("canary"))], autoPartitionSize: size),
            targets: try RolloutFakes.waves())
        #expect(plan.steps.map { $0.targets.map(\.cluster) } == steps)
        #expect(plan.steps.dropFirst().allSatisfy { $0.title.hasPrefix("auto partition") })
    }

    @Test("the digest changes with the generated Applications")
    func digest() throws {
        let strategy = RolloutStrategy(steps: [RolloutStep(selector: RolloutFakes.wave("canary"))])
        let targets = try RolloutFakes.waves()
        var changed = targets
        changed[4].application.document =
            try RolloutFakes.target("web-c5", cluster: "c5", labels: ["wave": "early", "team": "a"]).application
            .document
        #expect(RolloutPlan(strategy, targets: targets).digest == RolloutPlan(strategy, targets: targets).digest)
        #expect(RolloutPlan(strategy, targets: targets).digest != RolloutPlan(strategy, targets: changed).digest)
    }

    @Test("the digest changes with the step count and with a target's step, the same documents kept")
    func digestOfSteps() throws {
        let targets = try RolloutFakes.waves()
        let three = RolloutPlan(
            RolloutStrategy(steps: [
                RolloutStep(selector: RolloutFakes.wave("canary")), RolloutStep(selector: RolloutFakes.wave("early")),
                RolloutStep(selector: RolloutFakes.wave("rest")),
            ]), targets: targets)
        let later = LabelSelector(requirements: [
            LabelRequirement(key: "wave", operator: .in, values: ["early", "rest"])
        ])
        let two = RolloutPlan(
            RolloutStrategy(steps: [RolloutStep(selector: RolloutFakes.wave("canary")), RolloutStep(selector: later)]),
            targets: targets)
        let moved = RolloutPlan(
            RolloutStrategy(steps: [
                RolloutStep(selector: RolloutFakes.wave("early")), RolloutStep(selector: RolloutFakes.wave("canary")),
                RolloutStep(selector: RolloutFakes.wave("rest")),
            ]), targets: targets)
        #expect(Set([three.digest, two.digest, moved.digest]).count == 3)
        #expect(two.steps.count == 2)
        #expect(three.step(of: "web-c9@c9") == 2 && moved.step(of: "web-c1@c1") == 1)
        #expect(three.step(of: "web-c9@c1") == nil)
    }

    @Test("a plan's own reports: its targets only, never a child (app of apps) of an ApplicationSet of the same name")
    func ownReports() throws {
        let plan = RolloutPlan(
            RolloutStrategy(steps: [RolloutStep(selector: RolloutFakes.wave("canary"))]),
            targets: try RolloutFakes.waves())
        let own = try RolloutFakes.target("web-c1", cluster: "c1", labels: ["wave": "canary"])
        // Rendered by a parent, generated by another ApplicationSet named `web`: one with its own
        // name, one reusing a plan target's name and cluster.
        var child = try RolloutFakes.target("evil", cluster: "c1", labels: ["wave": "canary"])
        child.parent = ParentLink(target: "parent@c1", lineage: ["parent@c1"], finalizesResources: false)
        var twin = own
        twin.parent = child.parent
        let reports = [own, child, twin].map { RolloutFakes.report($0, .synced, .healthy) }
        #expect(plan.ownReports(among: reports).map(\.target.id) == ["web-c1@c1"])
        #expect(plan.ownReports(among: reports).allSatisfy { $0.target.parent == nil })
        #expect(plan.contains(own) && !plan.contains(child) && !plan.contains(twin))
    }
}
