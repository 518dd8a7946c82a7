import FleetModel
import Hummingbird

/// JSON responses and request bodies of the API.
enum JSONBody {
    /// `value` as a JSON response of `status`.
    static func response(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.compact(value))))
    }

    /// The request's body as a JSON object (an empty body is an empty object); 400 when it is not one.
    static func object(of request: Request, limit: Int = 64 * 1024) async throws -> JSONObject {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw ApiError(.contentTooLarge, "the request body is larger than \(limit) bytes")
        }
        let text = String(buffer: buffer)
        if text.allSatisfy(\.isWhitespace) { return JSONObject() }
        guard let value = try? JSONReader.parse(text), case .object(let object) = value else {
            throw ApiError.badRequest("the request body must be a JSON object")
        }
        return object
    }
}
