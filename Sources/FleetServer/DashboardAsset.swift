/// One file of the dashboard (Sources/FleetServer/Dashboard/), compiled into the binary with
/// SwiftPM's `embedInCode`: the page needs no resource bundle beside the executable, no
/// network and no build step, and a copied binary serves it as well as the built one.
public struct DashboardAsset: Sendable {
    /// The file name, as in `/assets/<name>`.
    public let name: String
    /// The `Content-Type` it is served with.
    public let contentType: String
    /// Its bytes.
    public let bytes: [UInt8]
    /// A strong validator of `bytes` (FNV-1a 64, quoted): a browser revalidates with
    /// `If-None-Match` and gets 304 until the binary serves other bytes.
    public let entityTag: String

    init(name: String, contentType: String, bytes: [UInt8]) {
        self.name = name
        self.contentType = contentType
        self.bytes = bytes
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        entityTag = "\"" + String(hash, radix: 16) + "\""
    }

    /// The page shell, served at `GET /`.
    public static let page = DashboardAsset(
        name: "index.html", contentType: "text/html; charset=utf-8", bytes: PackageResources.index_html)

    /// The scripts and the style sheet, served at `GET /assets/<name>`.
    public static let assets: [String: DashboardAsset] = Dictionary(
        uniqueKeysWithValues: [
            DashboardAsset(name: "app.css", contentType: "text/css; charset=utf-8", bytes: PackageResources.app_css),
            script("dom.js", PackageResources.dom_js),
            script("api.js", PackageResources.api_js),
            script("matrix.js", PackageResources.matrix_js),
            script("target.js", PackageResources.target_js),
            script("cluster.js", PackageResources.cluster_js),
            script("rollout.js", PackageResources.rollout_js),
            script("app.js", PackageResources.app_js),
        ].map { ($0.name, $0) })

    private static func script(_ name: String, _ bytes: [UInt8]) -> DashboardAsset {
        DashboardAsset(name: name, contentType: "text/javascript; charset=utf-8", bytes: bytes)
    }
}
