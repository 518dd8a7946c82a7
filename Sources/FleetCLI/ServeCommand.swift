import ArgumentParser
import Controller
import Engine
import FleetServer
import Foundation
import Logging
import NIOSSL
import Registry

/// `flotilla serve`: keep the fleet converged — the pipeline of `flotilla sync` every interval,
/// on webhooks and on watched drift — and serve health, metrics and webhooks over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Reconcile the fleet continuously: automated sync, self-heal, webhooks, Prometheus metrics.",
        discussion: """
            Every --interval (± 10%) the fleet files are read again and every target compared; \
            Applications with syncPolicy.automated are synced (pruning as their policy says), \
            others are recorded OutOfSync. Without selfHeal an automated Application is synced \
            when Git or the Application changes, not when the cluster drifts. A target rolled \
            back with flotilla rollback stays at that revision until flotilla sync --app resumes \
            it (or, with --resume-on-new-revision, until Git moves on). One serve per registry; \
            the other commands work beside it. SIGTERM or Ctrl-C: running syncs finish (within \
            --shutdown-timeout) and are recorded, queued notifications are sent (within it again, \
            without retries), then the process exits 0.

            Drift: every kind a cluster's targets use is watched (label app.kubernetes.io/instance); \
            a change to a tracked object of a selfHeal target is undone within seconds (backing off \
            2 s, ×3, up to 5 min when it comes back at once), others turn OutOfSync.

            HTTP: GET /healthz, GET /readyz (503 until the first cycle finished), GET /metrics \
            (Prometheus; Argo CD's metric names; behind a token with --metrics-auth), POST \
            /api/webhook (push events of GitHub, GitLab, Gitea/Forgejo, Bitbucket; secrets from \
            --webhook-secret-file, without which every call is refused), the JSON API under \
            /api/v1 (targets, diff, history, sync, refresh, rollback, clusters, live events) and the \
            dashboard at /, behind tokens made with flotilla token create (Authorization: Bearer, \
            or the dashboard's sign-in).

            Notifications: a Notifications document (flotilla.dev/v1alpha1) in the fleet sends \
            on-sync-succeeded, on-sync-failed, on-health-degraded, on-deployed and on-out-of-sync \
            to webhooks and Slack, once per change, retried with backoff; their URLs come from \
            --notification-secret-file (url: $name), never from Git.
            """)

    @Argument(help: ArgumentHelp("Fleet files or folders (default: fleets/).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Time between refresh cycles (± 10%): 90s, 3m, 1h.", valueName: "duration"))
    var interval = DurationArgument(.seconds(180))

    @Option(help: ArgumentHelp("Where the HTTP server listens: HOST:PORT.", valueName: "address"))
    var listen = "127.0.0.1:8080"

    @Option(
        help: ArgumentHelp(
            "A YAML file of webhook secrets: github, gitlab, gitea, bitbucket (the hook's UUID), bitbucketserver.",
            valueName: "file"))
    var webhookSecretFile: String?

    @Option(
        help: ArgumentHelp(
            "A YAML file of name: URL that Notifications documents name as url: $name (webhook and Slack URLs).",
            valueName: "file"))
    var notificationSecretFile: String?

    @Option(help: ArgumentHelp("Read the fleet files from this Git repository instead.", valueName: "url"))
    var fleetRepo: String?

    @Option(help: ArgumentHelp("The branch, tag or commit of --fleet-repo.", valueName: "revision"))
    var fleetRevision = "main"

    @Option(help: ArgumentHelp("The folder of the fleet files in --fleet-repo.", valueName: "path"))
    var fleetPath = "fleets"

    @Flag(help: "Resume automated sync of a rolled-back target when Git moves past the revision it was held at.")
    var resumeOnNewRevision = false

    @Option(
        help: ArgumentHelp(
            "Seconds one target's comparison, or its sync, may take (the wait for health ends at half of it).",
            valueName: "seconds"))
    var timeout = 240

    @Option(help: ArgumentHelp("How long running syncs may take to finish after SIGTERM.", valueName: "duration"))
    var shutdownTimeout = DurationArgument(.seconds(30))

    @Option(help: "Log lines as text or json (one object a line), on standard error.")
    var logFormat: LogFormat = .text

    @Option(help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (with --tls-key).", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Flag(help: "Ask a token of /metrics too (by default Prometheus scrapes it without one).")
    var metricsAuth = false

    @OptionGroup var engineOptions: EngineOptions

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if interval.duration < .seconds(1) { throw ValidationError("--interval must be at least 1s") }
        if ListenAddress(listen) == nil { throw ValidationError("--listen must be HOST:PORT, not \"\(listen)\"") }
        if fleetRepo != nil, !paths.isEmpty { throw ValidationError("give fleet paths or --fleet-repo, not both") }
        if timeout < 2 { throw ValidationError("--timeout must be at least 2 seconds") }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("give --tls-cert and --tls-key together") }
    }

    func run() async throws {
        let registry: Registry
        let source: FleetSource
        do {
            registry = try RegistryAccess.requireExisting()
            try registry.verifyKey()
            source = try await fleetSource(registry)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        let secrets = try webhookSecrets()
        let notificationSecrets = try loadNotificationSecrets()
        let tls = try serverTLS()
        let lock = try ServeLock(home: registry.home.path)
        let logger = makeLogger()
        let openFiles = OpenFilesLimit.raise()
        logger.debug("open files limit", metadata: ["limit": "\(openFiles)"])
        if let file = webhookSecretFile, let warning = WebhookSecrets.permissionWarning(file: file) {
            logger.warning("\(warning)")
        }
        if let file = notificationSecretFile, let warning = NotificationSecrets.permissionWarning(file: file) {
            logger.warning("\(warning)")
        }
        let metrics = ServerMetrics()
        let clients = ClientPool()
        let options = engineOptions
        let deadline = Duration.seconds(timeout)
        let live = LiveFleet()
        let observers = RequestObservers(
            kube: { server in
                let counted = metrics.fleet.kubeRequestObserver(server: server)
                return { record in
                    counted(record)
                    live.request(record)
                }
            }, git: metrics.fleet.gitRequestObserver)
        let makeEngine = { @Sendable in
            options.engine(registry, deadline: deadline, clients: clients, observers: observers)
        }
        let connector = makeEngine()
        let notifications = NotificationDispatcher(
            sender: CurlNotificationSender(), metrics: metrics.fleet, logger: logger)
        let metricsObserver = MetricsObserver(metrics.fleet) { name in try? registry.cluster(named: name).server }
        let controller = FleetController(
            source: source, store: registry,
            settings: FleetController.Settings(
                schedule: RefreshSchedule(interval: interval.duration), resumesOnNewRevision: resumeOnNewRevision),
            workDirectory: registry.home.path,
            observer: ObserverChain([
                LogObserver(logger: logger), metricsObserver, live,
                NotificationObserver(secrets: notificationSecrets, dispatcher: notifications, logger: logger),
            ]),
            logger: logger, watching: { try connector.client($0) }, makeEngine: makeEngine)
        let tokens = RegistryTokens(registry: registry)
        let sessions = SessionStore()
        let metricsAuth = self.metricsAuth
        let server = FleetHTTPServer(
            address: ListenAddress(listen)!, tls: tls, shutdownTimeout: shutdownTimeout.duration,
            controller: controller, logger: logger, onStopped: { live.close() }
        ) { router in
            let scraped =
                metricsAuth
                ? router.group().add(middleware: AuthMiddleware(tokens: tokens, sessions: sessions)) : router.group()
            MetricsRoute.add(to: scraped, metrics: metrics) {
                metricsObserver.watchesChanged(controller.watchStatuses)
            }
            ApiRoutes.add(
                to: router, backend: ServeBackend(registry: registry, controller: controller, live: live),
                tokens: tokens, sessions: sessions, secureCookies: tls != nil)
            DashboardRoutes.add(to: router)
            WebhookRoute.add(to: router, secrets: secrets) { push in
                await controller.refresh { push.matches(repoURL: $0, targetRevision: $1) }
            }
        }
        try await server.run(
            registryOpens: {
                do {
                    _ = try registry.lastCycle()
                    return true
                } catch {
                    return false
                }
            },
            onListening: { address in
                logger.notice(
                    "listening",
                    metadata: [
                        "address": "\(tls == nil ? "http" : "https")://\(address)",
                        "pid": "\(ProcessInfo.processInfo.processIdentifier)",
                    ])
            })
        // What the last runs queued is sent before the process ends, within the same bound.
        await notifications.finish(within: shutdownTimeout.duration)
        _ = consume lock
    }

    /// Where the fleet comes from; local fleet files are read once here (git generators'
    /// repositories included) so that a fleet that cannot be read is a usage error (exit 2)
    /// before anything starts.
    private func fleetSource(_ registry: Registry) async throws -> FleetSource {
        if let fleetRepo { return .repository(repoURL: fleetRepo, revision: fleetRevision, path: fleetPath) }
        let paths = self.paths.isEmpty ? ["fleets"] : self.paths
        _ = try await FleetPipeline.resolve(
            paths: paths, app: nil, cluster: nil, selector: nil, store: registry,
            trees: engineOptions.engine(registry).trees)
        return .paths(paths)
    }

    /// The webhook secrets (none without --webhook-secret-file: every call is refused); a file
    /// that cannot be read is a usage error.
    private func webhookSecrets() throws -> WebhookSecrets {
        guard let webhookSecretFile else { return WebhookSecrets() }
        do {
            return try WebhookSecrets.load(file: webhookSecretFile)
        } catch {
            throw CommandFailure(error.localizedDescription, exitCode: 2)
        }
    }

    /// The URLs Notifications documents may name (none without --notification-secret-file); a
    /// file that cannot be read is a usage error.
    private func loadNotificationSecrets() throws -> NotificationSecrets {
        guard let notificationSecretFile else { return NotificationSecrets() }
        do {
            return try NotificationSecrets.load(file: notificationSecretFile)
        } catch {
            throw CommandFailure(error.localizedDescription, exitCode: 2)
        }
    }

    /// HTTPS settings from --tls-cert and --tls-key; files that cannot be used are a usage error.
    private func serverTLS() throws -> TLSConfiguration? {
        guard let tlsCert, let tlsKey else { return nil }
        do {
            return try ServerTLS.load(certificateFile: tlsCert, keyFile: tlsKey)
        } catch {
            throw CommandFailure(error.description, exitCode: 2)
        }
    }

    private func makeLogger() -> Logger {
        let format = logFormat
        LoggingSystem.bootstrap { label in
            switch format {
            case .text: StreamLogHandler.standardError(label: label)
            case .json: JSONLogHandler(label: label)
            }
        }
        return Logger(label: "flotilla.serve")
    }
}
