import Controller
import Hummingbird

/// `GET /healthz` (the process answers) and `GET /readyz` (the registry opens and a first
/// cycle finished: 503 until then), as Kubernetes probes expect.
public enum HealthRoutes {
    /// Adds both routes to `router`; `registryOpens` checks the registry.
    public static func add(
        to router: Router<some RequestContext>, controller: FleetController,
        registryOpens: @escaping @Sendable () -> Bool
    ) {
        router.get("healthz") { _, _ in "ok\n" }
        router.get("readyz") { _, _ -> Response in
            guard registryOpens() else { return plain(.serviceUnavailable, "the registry cannot be opened\n") }
            guard await controller.isReady else {
                return plain(.serviceUnavailable, "the first cycle has not finished\n")
            }
            return plain(.ok, "ok\n")
        }
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
