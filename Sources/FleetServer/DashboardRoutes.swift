import Hummingbird

/// The web dashboard's static files: `GET /` (the page shell) and `GET /assets/<file>`. They
/// hold no data (the page reads the API with the session cookie), so they are served without
/// credentials, under a Content-Security-Policy that allows only this origin's scripts, styles
/// and connections and no inline code, so a name that reaches the page can never run as script.
public enum DashboardRoutes {
    /// The policy of every dashboard response.
    public static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'"

    /// Adds `GET /` and `GET /assets/{file}` to `router`.
    public static func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/") { request, _ in response(DashboardAsset.page, to: request) }
        router.get("assets/:file") { request, context -> Response in
            guard let name = context.parameters.get("file"), let asset = DashboardAsset.assets[name] else {
                return Response(
                    status: .notFound, headers: headers(contentType: "text/plain; charset=utf-8"),
                    body: ResponseBody(byteBuffer: ByteBuffer(string: "no such dashboard file\n")))
            }
            return response(asset, to: request)
        }
    }

    /// `asset`, or 304 when the browser's copy (`If-None-Match`) is current. Browsers always
    /// revalidate (`no-cache`), so an upgraded server's page is seen at the next load.
    static func response(_ asset: DashboardAsset, to request: Request) -> Response {
        var fields = headers(contentType: asset.contentType)
        fields[.eTag] = asset.entityTag
        fields[.cacheControl] = "no-cache"
        let known = request.headers[values: .ifNoneMatch].flatMap { $0.split(separator: ",") }
            .map { String($0.filter { !$0.isWhitespace }) }
        if known.contains(asset.entityTag) || known.contains("*") {
            return Response(status: .notModified, headers: fields)
        }
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    static func headers(contentType: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        fields[.contentSecurityPolicy] = contentSecurityPolicy
        fields[.xContentTypeOptions] = "nosniff"
        fields[referrerPolicy] = "no-referrer"
        return fields
    }

    /// `Referrer-Policy` (HTTPTypes names no constant for it).
    private static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!
}
