/// A `Notifications` fleet document (`flotilla.dev/v1alpha1`): the services a team sends
/// notifications to and which triggers of which targets go to them (Argo CD notifications'
/// services, triggers and subscriptions in one document).
///
/// ```yaml
/// apiVersion: flotilla.dev/v1alpha1
/// kind: Notifications
/// metadata: {name: web-team}
/// spec:
///   services:
///     ops: {webhook: {url: $ops-hook, body: {app: '<<application>>', event: '<<trigger>>'}}}
///     chat: {slack: {url: $web-slack}}
///   subscriptions:
///   - triggers: [on-sync-failed, on-deployed]
///     services: [ops, chat]
///     selector: {applications: [web], clusters: [prod], labels: {matchLabels: {team: web}}}
/// ```
public struct Notifications: Sendable, Equatable {
    /// `metadata.name`.
    public var name: String
    /// Where the document starts.
    public var location: SourceLocation
    /// The services, by name, in document order.
    public var services: [NotificationService]
    /// Which triggers of which targets go to which services.
    public var subscriptions: [NotificationSubscription]

    /// A document.
    public init(
        name: String, location: SourceLocation, services: [NotificationService],
        subscriptions: [NotificationSubscription]
    ) {
        self.name = name
        self.location = location
        self.services = services
        self.subscriptions = subscriptions
    }

    /// The service named `name`.
    public func service(named name: String) -> NotificationService? {
        services.first { $0.name == name }
    }
}

/// Where notifications go: a generic webhook (a JSON body from a template) or a Slack
/// incoming webhook.
public struct NotificationService: Sendable, Equatable {
    /// The kinds of service.
    public enum Kind: Sendable, Equatable {
        /// A POST of `body` (a JSON value whose strings may hold `<<field>>` placeholders).
        case webhook(body: JSONValue)
        /// A POST in Slack's incoming-webhook format (text and a coloured attachment).
        case slack
    }

    /// The service's name (its key under `spec.services`).
    public var name: String
    /// What it is.
    public var kind: Kind
    /// The serve-side secret holding its URL (`url: $name`): URLs are never taken from Git.
    public var urlSecret: String
    /// Where `url` is written (for errors about the secret).
    public var urlLocation: SourceLocation

    /// A service.
    public init(name: String, kind: Kind, urlSecret: String, urlLocation: SourceLocation) {
        self.name = name
        self.kind = kind
        self.urlSecret = urlSecret
        self.urlLocation = urlLocation
    }
}

/// Triggers of the targets a selector picks, sent to services.
public struct NotificationSubscription: Sendable, Equatable {
    /// The triggers.
    public var triggers: [NotificationTrigger]
    /// The names of the services (of the same document).
    public var services: [String]
    /// Which targets (all when empty).
    public var selector: NotificationSelector

    /// A subscription.
    public init(triggers: [NotificationTrigger], services: [String], selector: NotificationSelector = .init()) {
        self.triggers = triggers
        self.services = services
        self.selector = selector
    }
}

/// Which targets a subscription is about: Application names, cluster names and a label
/// selector over the Application's labels; each given part must match.
public struct NotificationSelector: Sendable, Equatable {
    /// Application names (any, when empty).
    public var applications: [String]
    /// Cluster names (any, when empty).
    public var clusters: [String]
    /// The Application's `metadata.labels` must match.
    public var labels: LabelSelector

    /// A selector; with no argument, every target.
    public init(applications: [String] = [], clusters: [String] = [], labels: LabelSelector = .everything) {
        self.applications = applications
        self.clusters = clusters
        self.labels = labels
    }

    /// Whether the target of Application `application` (with `labels`) on `cluster` is selected.
    public func matches(application: String, cluster: String, labels applicationLabels: [String: String]) -> Bool {
        (applications.isEmpty || applications.contains(application)) && (clusters.isEmpty || clusters.contains(cluster))
            && labels.matches(applicationLabels)
    }
}
