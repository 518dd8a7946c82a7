import Controller
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// The process of `flotilla serve`: the HTTP server (health, metrics, webhooks, API and
/// dashboard) and the controller, under one lifecycle. SIGTERM or SIGINT: the controller stops
/// taking work and its runs finish within `shutdownTimeout` (then they are cancelled), live
/// event streams end, the server stops, `run` returns.
public struct FleetHTTPServer: Sendable {
    /// Where to listen.
    public var address: ListenAddress
    /// The certificate chain and key to serve HTTPS with; nil: plain HTTP.
    public var tls: TLSConfiguration?
    /// How long in-flight runs may take to finish after SIGTERM.
    public var shutdownTimeout: Duration
    /// The controller.
    public var controller: FleetController
    /// The routes beyond health (metrics, webhooks, API), added by the caller.
    public var routes: @Sendable (Router<FleetRequestContext>) -> Void
    /// Told when the controller has stopped for a graceful shutdown (ends live event streams).
    public var onStopped: @Sendable () -> Void
    /// The process's logger.
    public var logger: Logger

    /// A server for `controller`.
    public init(
        address: ListenAddress, tls: TLSConfiguration? = nil, shutdownTimeout: Duration, controller: FleetController,
        logger: Logger, onStopped: @escaping @Sendable () -> Void = {},
        routes: @escaping @Sendable (Router<FleetRequestContext>) -> Void
    ) {
        self.address = address
        self.tls = tls
        self.shutdownTimeout = shutdownTimeout
        self.controller = controller
        self.routes = routes
        self.onStopped = onStopped
        self.logger = logger
    }

    /// Serves until SIGTERM/SIGINT; `onListening` hears the address bound (the port, when 0 was asked).
    public func run(
        registryOpens: @escaping @Sendable () -> Bool, onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        let router = Router(context: FleetRequestContext.self)
        HealthRoutes.add(to: router, controller: controller, registryOpens: registryOpens)
        routes(router)
        let configuration = ApplicationConfiguration(
            address: .hostname(address.host, port: address.port), serverName: "flotilla")
        let running: @Sendable (any Channel) async -> Void = { channel in
            onListening(
                channel.localAddress.map { "\($0.ipAddress ?? address.host):\($0.port ?? address.port)" } ?? "")
        }
        let application: any Service =
            if let tls {
                Application(
                    router: router, server: try .tls(.http1(), tlsConfiguration: tls), configuration: configuration,
                    onServerRunning: running, logger: logger)
            } else {
                Application(router: router, configuration: configuration, onServerRunning: running, logger: logger)
            }
        var group = ServiceGroupConfiguration(
            services: [
                .init(service: application),
                .init(
                    service: ControllerService(controller, onStopped: onStopped),
                    successTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        group.maximumGracefulShutdownDuration = shutdownTimeout
        try await ServiceGroup(configuration: group).run()
    }
}
