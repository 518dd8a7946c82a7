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
    /// Which parents had children on record when the pipeline began.
    let recorded: ChildRecords
    /// Where each parent's applied child documents are read as its report comes in.
    let store: any FleetStore
    /// The clusters children may be run on in this pipeline (the run's selection); children on
    /// others are known but not run.
    let runsOn: Set<String>

    init(rules: ChildTargets, records: ChildRecords, store: any FleetStore, runsOn: Set<String>) {
        self.rules = rules
        recorded = records
        self.store = store
        self.runsOn = runsOn
    }

    /// `report` with its children taken in. A target whose render was accepted (`accepts`)
    /// and whose child documents are those its last sync applied — read from the store as the
    /// report comes in, since another run may have applied some since this pipeline began — or
    /// whose syncing run may apply them now (`applies`: a person's sync, or an automated one
    /// serve decides, outside a deny window), replaces the children it had with those it
    /// renders (queued to run); a syncing run (`records`) records them as applied and may retire
    /// the children they no longer hold. Otherwise (the render failed; the run only compares;
    /// it left the target OutOfSync, failed or held back; its changed children wait for a
    /// sync) its children follow the documents its last sync applied, and a change waiting in
    /// Git makes it OutOfSync, saying what differs — a parent's new children come with the
    /// parent's sync, not before it. Refused children make its error; a parent with refused
    /// children retires none.
    func adopt(
        _ report: TargetReport, accepts: (TargetReport) -> Bool, applies: (TargetReport) -> Bool, records: Bool
    ) -> TargetReport {
        guard !report.cancelled else { return report }
        let parent = report.target
        let rendered = report.comparison?.children
        let hadChildren = state.withLock { $0.childrenOf[parent.id] != nil }
        // A target with no child document and none on record has nothing to take in.
        guard !(rendered ?? []).isEmpty || hadChildren || recorded.mayHaveChildren(parent.id) else { return report }
        let applied: AcceptedChildren?
        do {
            applied = recorded.accepted(
                by: parent.id, recorded: try store.target(parent.application.name, on: parent.cluster))
        } catch {
            // Unread, the documents on record when the pipeline began stand (never Git's unchecked).
            applied = recorded.acceptedAtStart(by: parent.id) ?? AcceptedChildren([])
        }
        let difference = rendered.flatMap { applied?.difference(from: $0) }
        let takesRendered = rendered != nil && accepts(report) && (difference == nil || (records && applies(report)))
        var adjustment = Adjustment()
        if !takesRendered { adjustment.pending = difference }
        // A parent recorded before the applied documents were kept follows its render until its next sync.
        guard let documents = takesRendered ? rendered : applied?.manifests ?? rendered,
            !documents.isEmpty || takesRendered
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
            if children.problems.isEmpty, takesRendered, records { found.rendered.insert(parent.id) }
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
        var pending: ChildDifference?
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
