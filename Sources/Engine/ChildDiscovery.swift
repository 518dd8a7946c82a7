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
        /// Parent target id → what taking in its children changed in its report (this run).
        var adjustments: [String: Adjustment] = [:]
    }

    private let state = Mutex(Found())
    /// The rules children are admitted by.
    let rules: ChildTargets
    /// The child documents each parent's last sync applied.
    let recorded: ChildRecords
    /// The clusters children may be run on in this pipeline (the run's selection); children on
    /// others are known but not run.
    let runsOn: Set<String>

    init(rules: ChildTargets, records: ChildRecords, runsOn: Set<String>) {
        self.rules = rules
        recorded = records
        self.runsOn = runsOn
    }

    /// `report` with its children taken in. A target whose render was accepted (`accepts`)
    /// and whose child documents are those its last sync applied, or may be applied now
    /// (`applies`: a person's sync, an automated one, a comparison showing what a sync would
    /// do), replaces the children it had with those it renders (queued to run); in a run that
    /// `records`, they become its accepted children. Otherwise (the render failed; a syncing
    /// run left it OutOfSync, failed or held back; its changed children wait for a sync) its
    /// children follow the documents its last sync applied, and a change waiting in Git makes
    /// it OutOfSync, saying what differs — a parent's new children come with the parent, not
    /// before it. Refused children make its error; a parent with refused children, or whose
    /// children come from its applied documents, retires none of them.
    func adopt(
        _ report: TargetReport, accepts: (TargetReport) -> Bool, applies: (TargetReport) -> Bool, records: Bool
    ) -> TargetReport {
        guard !report.cancelled else { return report }
        let parent = report.target
        let applied = recorded.accepted(by: parent.id)
        let rendered = report.comparison?.children
        let difference = rendered.flatMap { applied?.difference(from: $0) }
        let takesRendered = rendered != nil && accepts(report) && (difference == nil || applies(report))
        var adjustment = Adjustment()
        if difference != nil, !(takesRendered && records) { adjustment.pending = difference }
        guard let documents = takesRendered ? rendered : applied?.manifests, !documents.isEmpty || takesRendered
        else {
            state.withLock { $0.adjustments[parent.id] = adjustment }
            return adjustment.applied(to: report)
        }
        if takesRendered, records, difference != nil || applied == nil {
            adjustment.accepted = AcceptedChildren(documents)
        }
        // Expanded outside the lock: a hostile document's work holds back no other report.
        let expansion = rules.expand(documents, of: parent)
        adjustment.problems = state.withLock { found -> [String] in
            let children = rules.admit(expansion, of: parent) { found.owners[$0] }
            if children.problems.isEmpty, takesRendered { found.rendered.insert(parent.id) }
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
            found.adjustments[parent.id] = Adjustment(problems: children.problems, pending: adjustment.pending)
            return children.problems
        }
        return adjustment.applied(to: report)
    }

    /// `reports` with what `adopt` found for them (refused children, changes waiting).
    func patched(_ reports: [TargetReport]) -> [TargetReport] {
        let adjustments = state.withLock { $0.adjustments }
        return reports.map { report in adjustments[report.target.id].map { $0.applied(to: report) } ?? report }
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

    /// What taking in its children changes in a parent's report.
    struct Adjustment: Sendable {
        /// Why some children were refused (the report fails with them).
        var problems: [String] = []
        /// How its child documents in Git differ from those applied (the report is OutOfSync).
        var pending: String?
        /// The child documents this run applied (recorded with the report).
        var accepted: AcceptedChildren?

        /// `report` so changed.
        func applied(to report: TargetReport) -> TargetReport {
            var changed = report
            let refusal = problems.joined(separator: "; ")
            if !refusal.isEmpty, !report.error.contains(refusal) {
                changed.error = report.error.isEmpty ? refusal : report.error + "; " + refusal
            }
            if let pending {
                changed.pendingChildren = pending
                if changed.syncStatus == .synced { changed.syncStatus = .outOfSync }
            }
            if let accepted { changed.acceptedChildren = accepted }
            return changed
        }
    }
}
