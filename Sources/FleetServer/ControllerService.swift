import Controller
import ServiceLifecycle

/// The controller as a service of the process's lifecycle: a graceful shutdown (SIGTERM,
/// SIGINT) stops it taking work and lets its runs finish; cancellation cuts them short.
/// `onStopped` hears when it has stopped after a graceful shutdown.
public struct ControllerService: Service {
    let controller: FleetController
    let onStopped: @Sendable () -> Void

    /// A service running `controller`.
    public init(_ controller: FleetController, onStopped: @escaping @Sendable () -> Void = {}) {
        self.controller = controller
        self.onStopped = onStopped
    }

    public func run() async throws {
        let controller = self.controller
        let onStopped = self.onStopped
        await withGracefulShutdownHandler {
            await controller.run()
        } onGracefulShutdown: {
            Task {
                await controller.stop()
                onStopped()
            }
        }
    }
}
