import Controller
import ServiceLifecycle

/// The controller as a service of the process's lifecycle: a graceful shutdown (SIGTERM,
/// SIGINT) stops it taking work and lets its runs finish; cancellation cuts them short.
public struct ControllerService: Service {
    let controller: FleetController

    /// A service running `controller`.
    public init(_ controller: FleetController) {
        self.controller = controller
    }

    public func run() async throws {
        let controller = self.controller
        await withGracefulShutdownHandler {
            await controller.run()
        } onGracefulShutdown: {
            Task { await controller.stop() }
        }
    }
}
