import Registry

/// The matrix's row of each target: its ApplicationSet's name, or its Application's when it
/// has none; a child Application (app of apps) is under its parent's row, `parent › child`,
/// so that sorted rows put children right after their parent.
struct StatusRows {
    private let byID: [String: TargetState]

    /// The rows of `states` (parents looked up among them).
    init(_ states: [TargetState]) {
        byID = Dictionary(states.map { ("\($0.application)@\($0.cluster)", $0) }) { first, _ in first }
    }

    /// The row of `state`.
    func row(_ state: TargetState) -> String {
        row(state, depth: 0)
    }

    private func row(_ state: TargetState, depth: Int) -> String {
        let own = state.applicationSet ?? state.application
        guard let parentID = state.parent, depth < Self.maxDepth else { return own }
        let parent = byID[parentID].map { row($0, depth: depth + 1) } ?? String(parentID.prefix { $0 != "@" })
        return "\(parent) › \(own)"
    }

    /// Parents followed at most (the engine follows five levels of children; a longer chain
    /// in the records is cut here rather than followed forever).
    private static let maxDepth = 8
}
