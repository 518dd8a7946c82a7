import Registry

/// What the registry says of the fleet's parents (app of apps) when a run begins: the child
/// documents each parent's last sync applied, and which parents have recorded children.
struct ChildRecords: Sendable {
    /// Parent target id (`app@cluster`) → the child documents its last sync applied.
    var accepted: [String: AcceptedChildren] = [:]
    /// The parent target ids that recorded children name.
    var parents: Set<String> = []

    /// The records of `states` (every recorded target).
    init(_ states: [TargetState]) {
        for state in states {
            if let parent = state.parent { parents.insert(parent) }
            if let stored = state.acceptedChildren, let documents = AcceptedChildren(stored: stored) {
                accepted["\(state.application)@\(state.cluster)"] = documents
            }
        }
    }

    /// The child documents `parent`'s last sync applied. A parent recorded before Flotilla kept
    /// them, with children on record, has none known (nil: what it renders is taken as applied);
    /// one without children on record had none applied.
    func accepted(by parent: String) -> AcceptedChildren? {
        accepted[parent] ?? (parents.contains(parent) ? nil : AcceptedChildren([]))
    }
}
