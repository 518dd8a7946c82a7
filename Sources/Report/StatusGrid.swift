import Registry

/// The matrix the table and the page both draw: rows (the ApplicationSet, or the Application
/// without one) × clusters, each cell the targets of its row on its cluster — an
/// ApplicationSet may put several Applications on one cluster — shown as the worst of them.
struct StatusGrid {
    let rows: [String]
    let clusters: [String]
    private let states: [TargetState]
    private let cells: [String: [String: [Int]]]

    init(_ states: [TargetState]) {
        self.states = states
        clusters = Array(Set(states.map(\.cluster))).sorted()
        let names = StatusRows(states)
        rows = Array(Set(states.map(names.row))).sorted()
        var cells: [String: [String: [Int]]] = [:]
        for (index, state) in states.enumerated() {
            cells[names.row(state), default: [:]][state.cluster, default: []].append(index)
        }
        self.cells = cells
    }

    /// The targets of `row` on `cluster`, as indexes into the states.
    func targets(_ row: String, on cluster: String) -> [Int] { cells[row]?[cluster] ?? [] }

    /// The worst target of `row` on `cluster`; nil for an empty cell.
    func worst(_ row: String, on cluster: String) -> TargetCell? {
        targets(row, on: cluster).map { TargetCell(states[$0]) }.max()
    }

    /// A row's READY count, its number of targets, and its worst state.
    func summary(of row: String) -> (ready: Int, total: Int, worst: TargetCell) {
        let targets = (cells[row] ?? [:]).values.joined().map { TargetCell(states[$0]) }
        return (targets.filter { $0 == .healthy }.count, targets.count, targets.max() ?? .unknown)
    }

    /// The worst target on `cluster`, over every row.
    func worst(onCluster cluster: String) -> TargetCell? {
        rows.compactMap { worst($0, on: cluster) }.max()
    }
}
