import CoreMetrics
import FleetModel

/// Notifications: deliveries by outcome (Argo CD's name and labels) and those dropped from a full queue.
extension FleetMetrics {
    /// Counter of notification deliveries, by trigger, service and `succeeded` (after retries).
    public static let notificationDeliveriesTotal = "argocd_notifications_deliveries_total"
    /// Counter of notifications dropped because their service's queue was full.
    public static let notificationsDroppedTotal = "flotilla_notifications_dropped_total"

    /// Counts a delivery to `service` of `trigger` that finally `succeeded` or not.
    public func recordNotificationDelivery(trigger: NotificationTrigger, service: String, succeeded: Bool) {
        Counter(
            label: Self.notificationDeliveriesTotal,
            dimensions: [("trigger", trigger.rawValue), ("service", service), ("succeeded", String(succeeded))],
            factory: factory
        ).increment()
    }

    /// Counts a notification to `service` dropped from a full queue.
    public func recordNotificationDropped(service: String) {
        Counter(label: Self.notificationsDroppedTotal, dimensions: [("service", service)], factory: factory).increment()
    }
}
