import FleetModel

/// The JSON a service receives for an event.
enum NotificationBody {
    /// The body for `kind`: the webhook's template rendered, or Slack's incoming-webhook format.
    static func render(_ kind: NotificationService.Kind, _ event: NotificationEvent) -> [UInt8] {
        let value: JSONValue
        switch kind {
        case .webhook(let template): value = NotificationTemplate.render(template, fields: event.fields)
        case .slack: value = slack(event)
        }
        return Array(JSONWriter.compact(value).utf8)
    }

    /// Slack's incoming-webhook format: a one-line `text` and an attachment coloured by trigger
    /// with the target's state as fields.
    static func slack(_ event: NotificationEvent) -> JSONValue {
        let field = { (name: NotificationField) in event.fields[name] ?? "" }
        let revision = String(field(.revision).prefix(12))
        var fields: [JSONValue] = [
            ["title": "Sync status", "value": .string(field(.syncStatus)), "short": true],
            ["title": "Health", "value": .string(field(.health)), "short": true],
        ]
        if !revision.isEmpty { fields.append(["title": "Revision", "value": .string(revision), "short": true]) }
        if !field(.project).isEmpty {
            fields.append(["title": "Project", "value": .string(field(.project)), "short": true])
        }
        let detail = [field(.message), field(.healthMessage)].first { !$0.isEmpty } ?? ""
        return [
            "text": .string("\(headline(event.trigger)): \(event.targetName)"),
            "attachments": [
                [
                    "color": .string(color(event.trigger)), "title": .string(event.targetName),
                    "text": .string(detail), "fields": .array(fields), "footer": .string("flotilla · \(field(.time))"),
                ]
            ],
        ]
    }

    static func headline(_ trigger: NotificationTrigger) -> String {
        switch trigger {
        case .syncSucceeded: "Sync succeeded"
        case .syncFailed: "Sync failed"
        case .healthDegraded: "Health degraded"
        case .deployed: "Deployed"
        case .outOfSync: "Out of sync"
        }
    }

    /// Argo CD's notification catalog colours: green, red, amber.
    static func color(_ trigger: NotificationTrigger) -> String {
        switch trigger {
        case .syncSucceeded, .deployed: "#18be52"
        case .syncFailed, .healthDegraded: "#E96D76"
        case .outOfSync: "#f4c030"
        }
    }
}
