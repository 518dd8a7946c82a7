import Engine

/// One line about many targets: how many are Synced and Healthy, and how many are not.
struct FleetSummary {
    let line: String

    init(_ reports: [TargetReport]) {
        let good = reports.filter(\.isGood).count
        let failed = reports.filter { !$0.error.isEmpty }.count
        let outOfSync = reports.filter { $0.error.isEmpty && $0.syncStatus != .synced }.count
        let unhealthy = reports.count - good - failed - outOfSync
        var parts = ["\(good) Synced and Healthy"]
        if outOfSync > 0 { parts.append("\(outOfSync) OutOfSync") }
        if unhealthy > 0 { parts.append("\(unhealthy) not Healthy") }
        if failed > 0 { parts.append("\(failed) failed") }
        let clusters = Set(reports.map(\.target.cluster)).count
        line =
            "\(reports.count) target\(reports.count == 1 ? "" : "s") on \(clusters) cluster\(clusters == 1 ? "" : "s"): "
            + parts.joined(separator: ", ")
    }
}
