extension RolloutRecord {
    /// The commit `target` (`app@cluster`) is taken to: its own, or the record's single
    /// `revision` for a record that keeps no per-target commits.
    public func revision(of target: String) -> String? {
        revisions.isEmpty ? revision : revisions[target]
    }

    /// The commit `target` was last Synced and Healthy at before this rollout (nil: none known).
    public func lastHealthyRevision(of target: String) -> String? {
        lastHealthyRevisions.isEmpty ? lastHealthyRevision : lastHealthyRevisions[target]
    }

    /// Whether `other` rolls out the same commits and content (a step or a state may differ).
    public func isSameRollout(as other: RolloutRecord) -> Bool {
        digest == other.digest && revision == other.revision && revisions == other.revisions
    }

    /// The one commit every one of `targets` has in `commits`, nil when one has none or they differ.
    public static func common(_ commits: [String: String], over targets: [String]) -> String? {
        guard let first = targets.first.flatMap({ commits[$0] }),
            targets.allSatisfy({ commits[$0] == first })
        else { return nil }
        return first
    }

    /// How many different commits the record's targets are taken to (0: plain folders).
    public var revisionCount: Int {
        revisions.isEmpty ? (revision == nil ? 0 : 1) : Set(revisions.values).count
    }

    /// How many different commits its targets go back to on abort (0: none known).
    public var lastHealthyRevisionCount: Int {
        lastHealthyRevisions.isEmpty
            ? (lastHealthyRevision == nil ? 0 : 1) : Set(lastHealthyRevisions.values).count
    }
}

extension RolloutRecord {
    /// How a rollout's commits read in a line: the commit (its first `length` characters) when
    /// every target agrees, `3 revisions` when they differ, `-` for plain folders.
    public static func text(of revision: String?, among revisions: [String: String], length: Int = 40) -> String {
        if let revision { return String(revision.prefix(length)) }
        let distinct = Set(revisions.values)
        switch distinct.count {
        case 0: return "-"
        case 1: return String(distinct.first?.prefix(length) ?? "")
        default: return "\(distinct.count) revisions"
        }
    }
}
