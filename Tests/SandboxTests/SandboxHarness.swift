import FleetModel
import Foundation

@testable import Sandbox

/// Drives a sandbox cluster's API handlers directly, as the HTTP layer does.
struct SandboxHarness {
    let cluster: SandboxCluster
    static let admin = UserInfo(name: "admin", groups: ["system:masters"])

    init(options: SandboxOptions = SandboxOptions()) throws {
        cluster = try SandboxCluster(name: "test", options: options)
    }

    struct Reply {
        let status: Int
        let body: JSONValue
        let text: String
        let headers: [(String, String)]
    }

    @discardableResult
    func send(
        _ method: String, _ uri: String, _ body: String? = nil, contentType: String = "application/json",
        user: UserInfo? = admin, userAgent: String = "kubectl/v1.32.4 (linux/amd64)"
    ) async -> Reply {
        var headers = ["user-agent": userAgent]
        if body != nil { headers["content-type"] = contentType }
        let request = APIRequest(method: method, uri: uri, headers: headers, body: Array((body ?? "").utf8), user: user)
        let response = await cluster.handle(request)
        let text = String(decoding: response.body, as: UTF8.self)
        let value = (try? YAMLLoader.load(text, file: "response").first?.value) ?? .null
        return Reply(status: response.status, body: value, text: text, headers: response.headers)
    }

    /// Polls `condition` every 50 ms for up to `seconds`; controllers run on their own time.
    func eventually(within seconds: Double = 10, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await condition()
    }

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default, labels: {app: web}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports: [{containerPort: 80}]
        """
}
