extension Notifications {
    /// Decodes a `Notifications` document; every mistake names its file, line and field.
    public init(document: YAMLDocument) throws(FleetModelError) {
        let reader = document.reader
        try reader.rejectUnknownKeys(["apiVersion", "kind", "metadata", "spec"])
        name = try reader.required("metadata").required("name").nonEmptyString()
        location = document.location
        let spec = try reader.required("spec")
        try spec.rejectUnknownKeys(["services", "subscriptions"])
        let servicesReader = try spec.required("services")
        let subscriptionsReader = try spec.required("subscriptions")
        try Self.checkCount(servicesReader, limit: Self.maximumServices, of: "services")
        try Self.checkCount(subscriptionsReader, limit: Self.maximumSubscriptions, of: "subscriptions")
        var services: [NotificationService] = []
        for (name, service) in try servicesReader.members() {
            services.append(try NotificationService(name: name, reading: service))
        }
        self.services = services
        var subscriptions: [NotificationSubscription] = []
        for element in try subscriptionsReader.elements() {
            let subscription = try NotificationSubscription(reading: element)
            let listReader = try element.required("services")
            for (index, service) in subscription.services.enumerated()
            where !services.contains(where: { $0.name == service }) {
                let known = services.map(\.name).joined(separator: ", ")
                throw FieldReader(
                    value: .string(service), path: listReader.path.appending(index),
                    sourceMap: listReader.sourceMap
                ).error("no service \"\(service)\" in spec.services (defined: \(known.isEmpty ? "none" : known))")
            }
            subscriptions.append(subscription)
        }
        self.subscriptions = subscriptions
    }

    /// The most services one document may declare (each notified change is sent to each
    /// subscribed one: a fleet file must not turn one change into thousands of requests).
    public static let maximumServices = 32
    /// The most subscriptions one document may hold.
    public static let maximumSubscriptions = 64

    private static func checkCount(_ reader: FieldReader, limit: Int, of what: String) throws(FleetModelError) {
        let count: Int
        switch reader.value {
        case .object(let object): count = object.count
        case .array(let items): count = items.count
        default: return  // the type error comes from reading it
        }
        guard count <= limit else { throw reader.error("has \(count) \(what); a document may have \(limit)") }
    }
}

extension NotificationService {
    /// Decodes `spec.services.<name>`: exactly one of `webhook` and `slack`.
    init(name: String, reading reader: FieldReader) throws(FleetModelError) {
        try reader.rejectUnknownKeys(["webhook", "slack"])
        let members = try reader.members()
        guard members.count == 1, let only = members.first else {
            throw reader.error("must hold exactly one of webhook, slack")
        }
        let (key, service) = only
        self.name = name
        switch key {
        case "webhook":
            try service.rejectUnknownKeys(["url", "body"])
            kind = .webhook(body: try Self.body(service.optional("body")))
        default:
            try service.rejectUnknownKeys(["url"])
            kind = .slack
        }
        let url = try service.required("url")
        urlSecret = try Self.secretName(url)
        urlLocation = url.location
    }

    /// The secret a `url: $name` names. A URL written in Git is refused: it would let whoever
    /// writes the fleet make `serve` post to any address its network reaches, and Slack's
    /// webhook URLs are secrets.
    static func secretName(_ reader: FieldReader) throws(FleetModelError) -> String {
        let text = try reader.nonEmptyString()
        guard text.hasPrefix("$"), text.count > 1 else {
            throw reader.error(
                "must name a secret of serve's --notification-secret-file as $name; URLs are not taken from Git")
        }
        let name = String(text.dropFirst())
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw reader.error("\"\(name)\" is not a secret name (letters, digits, -, _ and . only)")
        }
        return name
    }

    /// The body template (every field, when absent), checked for size and placeholders.
    static func body(_ reader: FieldReader?) throws(FleetModelError) -> JSONValue {
        guard let reader else {
            return .object(JSONObject(NotificationField.allCases.map { ($0.rawValue, .string("<<\($0.rawValue)>>")) }))
        }
        let size = JSONWriter.compact(reader.value).utf8.count
        guard size <= NotificationTemplate.maximumSize else {
            throw reader.error("is \(size) bytes as JSON; a body template may have \(NotificationTemplate.maximumSize)")
        }
        try checkPlaceholders(reader)
        return reader.value
    }

    private static func checkPlaceholders(_ reader: FieldReader) throws(FleetModelError) {
        switch reader.value {
        case .string(let text):
            for name in NotificationTemplate.placeholders(in: text) where NotificationField(rawValue: name) == nil {
                let known = NotificationField.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.error("unknown field <<\(name)>> (known: \(known))")
            }
        case .array:
            for element in try reader.elements() { try checkPlaceholders(element) }
        case .object:
            for (_, member) in try reader.members() { try checkPlaceholders(member) }
        default:
            break
        }
    }
}

extension NotificationSubscription {
    /// Decodes one of `spec.subscriptions`.
    init(reading reader: FieldReader) throws(FleetModelError) {
        try reader.rejectUnknownKeys(["triggers", "services", "selector"])
        var triggers: [NotificationTrigger] = []
        let triggersReader = try reader.required("triggers")
        for element in try triggersReader.elements() {
            let name = try element.string()
            guard let trigger = NotificationTrigger(rawValue: name) else {
                let known = NotificationTrigger.allCases.map(\.rawValue).joined(separator: ", ")
                throw element.error("unknown trigger \"\(name)\" (known: \(known))")
            }
            triggers.append(trigger)
        }
        guard !triggers.isEmpty else { throw triggersReader.error("must name at least one trigger") }
        let servicesReader = try reader.required("services")
        services = try servicesReader.strings()
        guard !services.isEmpty else { throw servicesReader.error("must name at least one service") }
        self.triggers = triggers
        if let selectorReader = try reader.optional("selector") {
            selector = try NotificationSelector(reading: selectorReader)
        } else {
            selector = NotificationSelector()
        }
    }
}

extension NotificationSelector {
    /// Decodes a subscription's `selector`: `applications`, `clusters`, `labels`.
    init(reading reader: FieldReader) throws(FleetModelError) {
        try reader.rejectUnknownKeys(["applications", "clusters", "labels"])
        applications = try reader.optional("applications")?.strings() ?? []
        clusters = try reader.optional("clusters")?.strings() ?? []
        if let labelsReader = try reader.optional("labels") {
            labels = try LabelSelector(reading: labelsReader)
        } else {
            labels = .everything
        }
    }
}
