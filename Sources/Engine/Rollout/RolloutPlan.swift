import FleetModel
import Reconcile

/// A strategy applied to an ApplicationSet's targets (pure): the ordered steps, each with its
/// targets and how many of them go at once. A target joins the first step whose
/// `matchExpressions` match its Application's labels; those no step selects follow in
/// batches of `autoPartitionSize` (one last step when it is not set).
public struct RolloutPlan: Sendable {
    /// One step of the plan.
    public struct Step: Sendable {
        /// What selects it: the step's expressions, or `auto partition N`.
        public var title: String
        /// Its targets, in fleet order.
        public var targets: [FleetTarget]
        /// How many of its targets are synced at once (at least 1).
        public var maxUpdate: Int
        /// How many of its targets may fail or turn Degraded before the rollout halts.
        public var maxUnavailable: Int
        /// The bake time once it is Healthy.
        public var pauseAfter: Duration

        /// `targets` in groups of at most `maxUpdate`.
        public func batches(of targets: [FleetTarget]) -> [[FleetTarget]] {
            stride(from: 0, to: targets.count, by: maxUpdate).map {
                Array(targets[$0..<min($0 + maxUpdate, targets.count)])
            }
        }
    }

    /// The steps, in order.
    public let steps: [Step]
    /// What identifies the rollout's content beside the commit: the digest of the step count
    /// and of every target's cluster, step and generated Application (a template change, or a
    /// strategy edit that moves targets between steps or changes how many there are, is a new
    /// rollout). Computed once: the controller asks for it on every report.
    public let digest: String
    /// The step of each target, by `app@cluster`.
    private let stepIndex: [String: Int]

    /// `strategy` over `targets` (an ApplicationSet's, in fleet order).
    public init(_ strategy: RolloutStrategy, targets: [FleetTarget]) {
        var remaining = targets
        var steps: [Step] = []
        for step in strategy.steps {
            let selected = remaining.filter { step.selector.matches($0.application.labels) }
            let selectedIDs = Set(selected.map(\.id))
            remaining.removeAll { selectedIDs.contains($0.id) }
            steps.append(
                Step(
                    title: step.selector.requirements.map(\.description).joined(separator: ", "),
                    targets: selected, maxUpdate: max(1, step.maxUpdate.of(selected.count)),
                    maxUnavailable: step.maxUnavailable.of(selected.count), pauseAfter: step.pauseAfter))
        }
        if !remaining.isEmpty {
            let size = max(1, (strategy.autoPartitionSize ?? .percent(100)).of(remaining.count))
            for (number, start) in stride(from: 0, to: remaining.count, by: size).enumerated() {
                let part = Array(remaining[start..<min(start + size, remaining.count)])
                steps.append(
                    Step(
                        title: "auto partition \(number + 1) (selected by no step)", targets: part,
                        maxUpdate: part.count, maxUnavailable: 0, pauseAfter: .zero))
            }
        }
        self.steps = steps
        var stepIndex: [String: Int] = [:]
        var content: [JSONValue] = [.int(steps.count)]
        for (index, step) in steps.enumerated() {
            for target in step.targets {
                if stepIndex[target.id] == nil { stepIndex[target.id] = index }
                content += [.string(target.id), .int(index), target.application.document]
            }
        }
        self.stepIndex = stepIndex
        digest = Digest.of(.array(content))
    }

    /// Every target of the plan, step by step.
    public var targets: [FleetTarget] { steps.flatMap(\.targets) }

    /// The index of the step `target` (`app@cluster`) belongs to.
    public func step(of target: String) -> Int? { stepIndex[target] }

    /// Whether `target` is one of the plan's own: not a child Application (app of apps) that an
    /// ApplicationSet of the same name renders, even one with the same `app@cluster`.
    public func contains(_ target: FleetTarget) -> Bool { target.parent == nil && stepIndex[target.id] != nil }

    /// The reports of the plan's own targets among `reports`, in their order.
    public func ownReports(among reports: [TargetReport]) -> [TargetReport] {
        reports.filter { contains($0.target) }
    }
}

extension Application {
    /// `metadata.labels` of the generated Application (what rollout steps select on).
    var labels: [String: String] {
        (document["metadata"]?["labels"]?.objectValue ?? [:]).reduce(into: [:]) { labels, member in
            if let text = member.value.stringValue { labels[member.key] = text }
        }
    }
}
