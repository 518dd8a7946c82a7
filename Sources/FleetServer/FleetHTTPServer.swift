import Controller
import Hummingbird
import Logging
import ServiceLifecycle

/// The process of `flotilla serve`: the HTTP server (health, metrics, webhooks) and the
/// controller, under one lifecycle. SIGTERM or SIGINT: the controller stops taking work and its
/// runs finish within `shutdownTimeout` (then they are cancelled), the server stops, `run`
/// returns.
public struct FleetHTTPServer: Sendable {
    /// Where to listen.
    public var address: ListenAddress
    /// How long in-flight runs may take to finish after SIGTERM.
    public var shutdownTimeout: Duration
    /// The controller.
    public var controller: FleetController
    /// The routes beyond health (metrics, webhooks), added by the caller.
    public var routes: @Sendable (Router<BasicRequestContext>) -> Void
    /// The process's logger.
    public var logger: Logger

    /// A server for `controller`.
    public init(
        address: ListenAddress, shutdownTimeout: Duration, controller: FleetController,
        logger: Logger, routes: @escaping @Sendable (Router<BasicRequestContext>) -> Void
    ) {
        self.address = address
        self.shutdownTimeout = shutdownTimeout
        self.controller = controller
        self.routes = routes
        self.logger = logger
    }

    /// Serves until SIGTERM/SIGINT; `onListening` hears the address bound (the port, when 0 was asked).
    public func run(
        registryOpens: @escaping @Sendable () -> Bool, onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        let router = Router()
        HealthRoutes.add(to: router, controller: controller, registryOpens: registryOpens)
        routes(router)
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port), serverName: "flotilla"),
            onServerRunning: { channel in
                onListening(
                    channel.localAddress.map { "\($0.ipAddress ?? address.host):\($0.port ?? address.port)" } ?? "")
            },
            logger: logger)
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: application),
                .init(service: ControllerService(controller), successTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownTimeout
        try await ServiceGroup(configuration: configuration).run()
    }
}
