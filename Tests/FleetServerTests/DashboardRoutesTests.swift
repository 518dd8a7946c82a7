import FleetServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The dashboard's files")
struct DashboardRoutesTests {
    static let policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'"

    @Test(
        "served with their content type, the strict policy and no-cache",
        arguments: [
            ("/", "text/html; charset=utf-8", "<script src=\"/assets/app.js\" defer></script>"),
            ("/assets/app.js", "text/javascript; charset=utf-8", "function route()"),
            ("/assets/dom.js", "text/javascript; charset=utf-8", "textContent"),
            ("/assets/api.js", "text/javascript; charset=utf-8", "X-CSRF-Token"),
            ("/assets/matrix.js", "text/javascript; charset=utf-8", "class Matrix"),
            ("/assets/target.js", "text/javascript; charset=utf-8", "class TargetPage"),
            ("/assets/cluster.js", "text/javascript; charset=utf-8", "class ClusterPage"),
            ("/assets/rollout.js", "text/javascript; charset=utf-8", "class RolloutPage"),
            ("/assets/app.css", "text/css; charset=utf-8", "td.OutOfSync"),
        ])
    func served(path: String, contentType: String, excerpt: String) async throws {
        try await Self.withDashboard { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == contentType)
                #expect(response.headers[.contentSecurityPolicy] == Self.policy)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPFields.Element.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.headers[.eTag]?.hasPrefix("\"") == true)
                #expect(String(buffer: response.body).contains(excerpt))
            }
        }
    }

    @Test("the page loads only this origin's files: no inline script or style, no other host")
    func pageIsSelfContained() throws {
        let page = String(decoding: DashboardAsset.page.bytes, as: UTF8.self)
        #expect(!page.contains("<style"))
        #expect(!page.contains(" style="))
        #expect(!page.contains("<script>"))
        #expect(!page.contains("http://") && !page.contains("https://"))
        for (name, asset) in DashboardAsset.assets {
            let text = String(decoding: asset.bytes, as: UTF8.self)
            #expect(page.contains("/assets/\(name)"), "index.html loads \(name)")
            #expect(!text.contains("innerHTML"), "\(name) never parses HTML")
            #expect(!text.contains("http://") && !text.contains("https://"), "\(name) reaches no other host")
            #expect(!text.contains("localStorage") && !text.contains("sessionStorage"), "\(name) stores nothing")
        }
    }

    @Test("a current copy is answered 304 with the same validator; another copy gets the file")
    func revalidation() async throws {
        let tag = try #require(DashboardAsset.assets["app.js"]).entityTag
        try await Self.withDashboard { client in
            try await client.execute(uri: "/assets/app.js", method: .get, headers: [.ifNoneMatch: tag]) { response in
                #expect(response.status == .notModified)
                #expect(response.headers[.eTag] == tag)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/assets/app.js", method: .get, headers: [.ifNoneMatch: "\"0\""]) {
                response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes > 0)
            }
        }
    }

    @Test(
        "an unknown or traversing file name is 404",
        arguments: ["/assets/nope.js", "/assets/..%2FPackage.swift", "/assets/", "/assets/app.js/x"])
    func unknownFiles(path: String) async throws {
        try await Self.withDashboard { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/javascript") != true)
            }
        }
    }

    static func withDashboard(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router()
        DashboardRoutes.add(to: router)
        try await Application(router: router).test(.router, body)
    }
}
