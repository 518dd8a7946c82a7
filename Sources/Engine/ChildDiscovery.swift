import Synchronization

/// The children (app of apps) a pipeline found across its runs: which parent target renders
/// which child, the children still to run in this run, and the parents whose children are
/// known (rendered in this pipeline) — only those may lose a child to retirement.
final class ChildDiscovery: Sendable {
    /// What has been found so far.
    struct Found: Sendable {
        /// Child target id → its target.
        var targets: [String: FleetTarget] = [:]
        /// Child Application name → the parent target that renders it.
        var owners: [String: String] = [:]
        /// Parent target id → its children's target ids (so that a parent rendered again
        /// replaces its own children without a pass over everyone's).
        var childrenOf: [String: [String]] = [:]
        /// Parent targets rendered by this pipeline (their children are known).
        var rendered: Set<String> = []
        /// Children found and not yet run (a parent run twice at once queues its children once).
        var pending: [FleetTarget] = []
        /// The ids of `pending`.
        var pendingIDs: Set<String> = []
        /// Parent target id → why some of its children were refused (this run).
        var problems: [String: String] = [:]
    }

    private let state = Mutex(Found())
    /// The rules children are admitted by.
    let rules: ChildTargets
    /// The clusters children may be run on in this pipeline (the run's selection); children on
    /// others are known but not run.
    let runsOn: Set<String>

    init(rules: ChildTargets, runsOn: Set<String>) {
        self.rules = rules
        self.runsOn = runsOn
    }

    /// `report` with its children taken in: a target whose render was accepted (`accepts`)
    /// replaces the children it had with those it renders now (queued to run); refused
    /// children make its error. A report not accepted (the render failed, or, in a syncing run,
    /// the target was not left Synced: not automated, held back, failed) leaves its children
    /// as they were — a parent's new children come with the parent, not before it. So does one
    /// with refused children, for retirement: its other recorded children stay.
    func adopt(_ report: TargetReport, accepts: (TargetReport) -> Bool) -> TargetReport {
        guard !report.cancelled, let comparison = report.comparison, accepts(report) else { return report }
        let parent = report.target
        // Expanded outside the lock: a hostile document's work holds back no other report.
        let expansion = rules.expand(comparison.children, of: parent)
        let problems = state.withLock { found -> [String] in
            let children = rules.admit(expansion, of: parent) { found.owners[$0] }
            if children.problems.isEmpty { found.rendered.insert(parent.id) }
            for id in found.childrenOf.removeValue(forKey: parent.id) ?? [] {
                guard let previous = found.targets.removeValue(forKey: id) else { continue }
                if found.owners[previous.application.name] == parent.id {
                    found.owners[previous.application.name] = nil
                }
            }
            for child in children.targets {
                found.owners[child.application.name] = parent.id
                found.targets[child.id] = child
                found.childrenOf[parent.id, default: []].append(child.id)
                if runsOn.contains(child.cluster), found.pendingIDs.insert(child.id).inserted {
                    found.pending.append(child)
                }
            }
            found.problems[parent.id] = children.problems.isEmpty ? nil : children.problems.joined(separator: "; ")
            return children.problems
        }
        return Self.report(report, refusing: problems.joined(separator: "; "))
    }

    /// `reports` with the problems `adopt` found for them.
    func patched(_ reports: [TargetReport]) -> [TargetReport] {
        let problems = state.withLock { $0.problems }
        return reports.map { Self.report($0, refusing: problems[$0.target.id] ?? "") }
    }

    /// The children found since the last call, to run next.
    func takePending() -> [FleetTarget] {
        state.withLock { found in
            defer {
                found.pending = []
                found.pendingIDs = []
            }
            return found.pending
        }
    }

    /// Everything found so far.
    var found: Found { state.withLock { $0 } }

    /// `report` failed by `problems` (refused children) unless empty or already said.
    private static func report(_ report: TargetReport, refusing problems: String) -> TargetReport {
        guard !problems.isEmpty, !report.error.contains(problems) else { return report }
        var refused = report
        refused.error = report.error.isEmpty ? problems : report.error + "; " + problems
        return refused
    }
}
