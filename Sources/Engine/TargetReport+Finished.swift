import Reconcile

extension TargetReport {
    /// The report as the engine keeps it once the target has finished (and the `finished`
    /// event has handed the whole of it to the recorder): keys, actions, reasons, diffs,
    /// outcomes and states — what the printed lines, the plan, the diff and the summary need —
    /// without the objects themselves (desired, live, hooks) or each object's health, which
    /// are most of a report's memory. A run over 50,000 targets otherwise holds every live object to the end.
    public var withoutObjects: TargetReport {
        var report = self
        report.comparison = comparison.map { comparison in
            var slim = comparison
            slim.changes = comparison.changes.map { change in
                var slim = change
                slim.desired = nil
                slim.live = nil
                return slim
            }
            slim.hooks = []
            return slim
        }
        report.sync?.objectHealth = [:]  // the summary and the history read the worst, `health`
        return report
    }
}
