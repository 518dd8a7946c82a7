import Registry

/// What the registry says of the fleet's parents (app of apps) when a run begins: the child
/// documents each parent's last sync applied, and which parents have recorded children.
struct ChildRecords: Sendable {
    /// Parent target id (`app@cluster`) → the child documents its last sync applied, as stored
    /// (read only when asked for: a run reads each parent's again as its report comes in).
    private var stored: [String: String] = [:]
    /// The parent target ids that recorded children name.
    var parents: Set<String> = []

    /// The records of `states` (every recorded target).
    init(_ states: [TargetState]) {
        for state in states {
            if let parent = state.parent { parents.insert(parent) }
            if let documents = state.acceptedChildren { stored["\(state.application)@\(state.cluster)"] = documents }
        }
    }

    /// The child documents `parent`'s last sync applied, as recorded in `state` now. A parent
    /// recorded before Flotilla kept them, with children on record, has none known (nil: what it
    /// renders is taken as applied); one without children on record had none applied.
    func accepted(by parent: String, recorded state: TargetState?) -> AcceptedChildren? {
        state?.acceptedChildren.flatMap(AcceptedChildren.init(stored:))
            ?? (parents.contains(parent) ? nil : AcceptedChildren([]))
    }

    /// The child documents `parent`'s last sync applied, as on record when the run began.
    func acceptedAtStart(by parent: String) -> AcceptedChildren? {
        stored[parent].flatMap(AcceptedChildren.init(stored:))
    }

    /// Whether `parent` may have applied children (on record when the run began): only then is
    /// its record read again as its report comes in.
    func mayHaveChildren(_ parent: String) -> Bool { parents.contains(parent) || stored[parent] != nil }
}
