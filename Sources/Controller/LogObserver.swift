import Engine
import Logging

/// The controller's log: one line per sync (target, revision, result, duration), a line when a
/// target is found OutOfSync or fails without a sync, one per cycle, and every problem.
public struct LogObserver: ControllerObserver {
    let logger: Logger

    /// An observer writing to `logger`.
    public init(logger: Logger) {
        self.logger = logger
    }

    public func reconciled(_ report: TargetReport, trigger: ReconcileTrigger) {
        var metadata: Logger.Metadata = [
            "target": "\(report.target.id)", "trigger": "\(trigger.rawValue)",
            "revision": "\(report.comparison?.revision.map { String($0.prefix(12)) } ?? "-")",
            "sync": "\(report.syncStatus.rawValue)", "health": "\(report.health.status.rawValue)",
            "duration": "\(report.duration.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))",
        ]
        if !report.message.isEmpty { metadata["message"] = "\(report.message)" }
        if let sync = report.sync {
            metadata["result"] = "\(sync.succeeded ? "succeeded" : "failed")"
            logger.log(level: sync.succeeded ? .info : .error, "sync", metadata: metadata)
        } else if !report.error.isEmpty {
            logger.error("reconcile failed", metadata: metadata)
        } else if report.syncBlock != nil {
            logger.notice("sync blocked", metadata: metadata)
        } else if report.syncStatus == .outOfSync {
            logger.notice("out of sync", metadata: metadata)
        } else {
            logger.debug("in sync", metadata: metadata)
        }
    }

    public func cycleFinished(_ cycle: CycleSummary) {
        let synced = cycle.reports.filter { $0.sync != nil }.count
        logger.info(
            "cycle",
            metadata: [
                "targets": "\(cycle.targets.count)", "synced": "\(synced)",
                "failed": "\(cycle.reports.filter { !$0.error.isEmpty }.count)",
                "duration": "\(cycle.duration.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))",
            ])
        for line in cycle.retired.split(separator: "\n") { logger.notice("\(line)") }
    }

    public func problem(_ message: String) {
        logger.warning("\(message)")
    }
}

/// Several observers heard in turn.
public struct ObserverChain: ControllerObserver {
    let observers: [any ControllerObserver]

    /// A chain of `observers`.
    public init(_ observers: [any ControllerObserver]) {
        self.observers = observers
    }

    public func reconciled(_ report: TargetReport, trigger: ReconcileTrigger) {
        for observer in observers { observer.reconciled(report, trigger: trigger) }
    }

    public func cycleFinished(_ cycle: CycleSummary) {
        for observer in observers { observer.cycleFinished(cycle) }
    }

    public func problem(_ message: String) {
        for observer in observers { observer.problem(message) }
    }

    public func fleetRead(_ resolution: TargetResolution) {
        for observer in observers { observer.fleetRead(resolution) }
    }
}
