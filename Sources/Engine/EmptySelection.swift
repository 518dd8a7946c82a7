import FleetModel

/// The usage errors (exit 2) of a selection that names nothing or matches nothing: each
/// lists what exists, the names closest to the one asked for first, so that a typo in CI
/// fails instead of reading as "no drift" or "synced".
public enum EmptySelection {
    /// At most this many names are listed.
    public static let listed = 20

    /// `--cluster NAME` names no registered cluster.
    public static func unregisteredCluster(_ name: String, registered: [String]) -> SelectionError {
        SelectionError(
            "no cluster named \"\(name)\" is registered; "
                + (registered.isEmpty
                    ? "there are none yet (flotilla cluster add)"
                    : "registered clusters: \(list(registered, closestTo: name))"))
    }

    /// `--app NAME` names no Application of `place` (the fleet files, or the recorded state).
    public static func unknownApplication(_ name: String, in place: String, known: [String]) -> SelectionError {
        SelectionError(
            "no Application named \"\(name)\" in \(place)"
                + (known.isEmpty ? "" : "; Applications: \(list(known, closestTo: name))"))
    }

    /// `--app` names a child Application (app of apps), recorded under `parent` (`app@cluster`),
    /// that cannot be selected alone: its parent's applied child documents are not on record
    /// (last synced by an older Flotilla) or no longer hold it.
    public static func childApplication(_ name: String, parent: String) -> SelectionError {
        let parentApplication = parent.split(separator: "@").first.map(String.init) ?? parent
        return SelectionError(
            "Application \"\(name)\" is a child of \(parent) (app of apps), and no child documents its parent applied "
                + "are on record to rebuild it from; sync the parent (--app \(parentApplication)) and its children "
                + "come with it")
    }

    /// `--app`, `--cluster` and `-l` together select no target; `existing` are the targets
    /// there are (`app@cluster` pairs, the cluster's labels when a selector was given).
    public static func noTarget(
        app: String?, cluster: String?, selector: String?, in place: String,
        existing: [(application: String, cluster: String)], labels: [String: [String: String]]
    ) -> SelectionError {
        var asked: [String] = []
        if let app { asked.append("--app \(app)") }
        if let cluster { asked.append("--cluster \(cluster)") }
        if let selector { asked.append("-l \(selector)") }
        let candidates = existing.filter { app == nil || $0.application == app }
        let clusters = EditDistance.closestFirst(to: cluster, among: candidates.map(\.cluster))
        var message = "\(asked.joined(separator: " ")) selects no target of \(place)"
        if clusters.isEmpty {
            message += "; there are no targets"
        } else {
            let shown = clusters.map { name in
                guard selector != nil else { return name }
                let pairs = (labels[name] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                return "\(name) (\(pairs.isEmpty ? "no labels" : pairs.joined(separator: ",")))"
            }
            message += "; \(app.map { "Application \($0) is" } ?? "its targets are") on clusters: " + cap(shown)
        }
        return SelectionError(message)
    }

    private static func list(_ names: [String], closestTo wanted: String) -> String {
        cap(EditDistance.closestFirst(to: wanted, among: names))
    }

    private static func cap(_ names: [String]) -> String {
        let more = names.count - listed
        return names.prefix(listed).joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
    }
}
