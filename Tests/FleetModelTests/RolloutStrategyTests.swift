import FleetModel
import Testing

@Suite("ApplicationSet spec.strategy: RollingSync as Argo CD writes it, plus Flotilla's step fields")
struct RolloutStrategyTests {
    /// An ApplicationSet whose `spec.strategy` is `strategy` (indented under `strategy:`).
    static func applicationSet(strategy: String) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: web}
        spec:
          generators:
          - list: {elements: [{env: dev}]}
          template:
            metadata: {name: 'web-<<env>>', labels: {env: '<<env>>'}}
            spec:
              source: {repoURL: https://git.example.com/r.git, path: web}
              destination: {name: dev, namespace: web}
          strategy:
        \(strategy)
        """
    }

    private func strategy(_ text: String) throws -> RolloutStrategy? {
        let document = try #require(try YAMLLoader.load(Self.applicationSet(strategy: text), file: "fleet.yaml").first)
        guard case .applicationSet(let set) = try FleetDocument(document: document) else {
            Issue.record("not an ApplicationSet")
            return nil
        }
        return set.strategy
    }

    @Test("steps with matchExpressions, maxUpdate as a number or a percentage, pauseAfter, maxUnavailable")
    func rollingSync() throws {
        let decoded = try #require(
            try strategy(
                """
                    type: RollingSync
                    rollingSync:
                      autoPartitionSize: 25%
                      steps:
                      - matchExpressions: [{key: wave, operator: In, values: [canary]}]
                        maxUpdate: 1
                        pauseAfter: 30s
                      - matchExpressions: [{key: wave, operator: NotIn, values: [canary, rest]}]
                        maxUpdate: 50%
                        maxUnavailable: 2
                      - matchExpressions: [{key: wave, operator: Exists}, {key: frozen, operator: DoesNotExist}]
                """))
        #expect(decoded.steps.count == 3)
        #expect(decoded.autoPartitionSize == .percent(25))
        #expect(decoded.steps[0].selector.description == "wave=canary")
        #expect(decoded.steps[0].maxUpdate == .count(1))
        #expect(decoded.steps[0].pauseAfter == .seconds(30))
        #expect(decoded.steps[0].maxUnavailable == .count(0))
        #expect(decoded.steps[1].selector.description == "wave notin (canary,rest)")
        #expect(decoded.steps[1].maxUpdate == .percent(50))
        #expect(decoded.steps[1].maxUnavailable == .count(2))
        #expect(decoded.steps[2].selector.description == "wave,!frozen")
        #expect(decoded.steps[2].maxUpdate == .percent(100), "Argo CD's default")
        #expect(decoded.steps[2].pauseAfter == .zero)
    }

    @Test("type AllAtOnce is today's behaviour: no strategy")
    func allAtOnce() throws {
        #expect(try strategy("    type: AllAtOnce") == nil)
    }

    @Test(
        "bad values name the file, line and field",
        arguments: [
            ("    type: Canary", "fleet.yaml:13:", "spec.strategy.type: unknown strategy type \"Canary\""),
            ("    type: RollingSync", "fleet.yaml:13:", "spec.strategy.rollingSync: is required"),
            (
                "    type: RollingSync\n    rollingSync: {steps: []}", "fleet.yaml:14:",
                "spec.strategy.rollingSync.steps: must hold at least one step"
            ),
            (
                "    type: RollingSync\n    rollingSync:\n      steps:\n      - matchExpressions: [{key: wave, operator: Near, values: [a]}]",
                "fleet.yaml:16:", "unknown operator \"Near\""
            ),
            (
                "    type: RollingSync\n    rollingSync:\n      steps:\n      - {matchExpressions: [{key: w, operator: Exists}], maxUpdate: 0}",
                "fleet.yaml:16:", "spec.strategy.rollingSync.steps[0].maxUpdate: must be at least 1, not 0"
            ),
            (
                "    type: RollingSync\n    rollingSync:\n      steps:\n      - {matchExpressions: [{key: w, operator: Exists}], maxUpdate: 150%}",
                "fleet.yaml:16:", "maxUpdate: must be an integer or a percentage from 1% to 100%, not \"150%\""
            ),
            (
                "    type: RollingSync\n    rollingSync:\n      steps:\n      - {matchExpressions: [{key: w, operator: Exists}], pauseAfter: soon}",
                "fleet.yaml:16:", "steps[0].pauseAfter: invalid duration"
            ),
            (
                "    type: RollingSync\n    rollingSync:\n      steps:\n      - {matchExpressions: [{key: w, operator: Exists}], pauseAfter: 9999h}",
                "fleet.yaml:16:", "steps[0].pauseAfter: must be between 0s and 24h, not 9999h"
            ),
            (
                "    type: RollingSync\n    rollingSync:\n      steps:\n      - {matchExpressions: [{key: w, operator: Exists}], maxSurge: 1}",
                "fleet.yaml:16:", "steps[0].maxSurge: unknown field"
            ),
            (
                "    type: RollingSync\n    rollingSync:\n      steps:\n      - {matchExpressions: []}",
                "fleet.yaml:16:", "matchExpressions: must hold at least one expression"
            ),
            (
                "    type: RollingSync\n    rollingSync:\n      autoPartitionSize: [3]\n      steps:\n      - {matchExpressions: [{key: w, operator: Exists}]}",
                "fleet.yaml:15:", "autoPartitionSize: must be an integer or a percentage"
            ),
        ])
    func badValues(strategy text: String, location: String, message: String) {
        do {
            _ = try strategy(text)
            Issue.record("decoded without error")
        } catch {
            let description = "\(error)"
            #expect(description.hasPrefix(location), "\(description)")
            #expect(description.contains(message), "\(description)")
        }
    }

    @Test(
        "a quantity of a step: percentages round down but at least one; counts never exceed the step",
        arguments: [
            (RolloutQuantity.percent(100), 9, 9), (.percent(50), 3, 1), (.percent(10), 3, 1), (.percent(34), 3, 1),
            (.percent(67), 3, 2), (.count(1), 3, 1), (.count(5), 3, 3), (.count(0), 3, 0), (.percent(25), 0, 0),
        ])
    func quantity(quantity: RolloutQuantity, total: Int, expected: Int) {
        #expect(quantity.of(total) == expected)
    }
}
