import Controller
import Foundation
import Hummingbird

/// `POST /api/webhook`: push events from Git hosts. A verified push is handed to `onPush` (which
/// refreshes the matching repositories); anything else is answered with a JSON
/// `{"message": …}` and refreshes nothing: 200 for a genuine event that is not a push, 400 for
/// an unknown sender or a malformed payload, 401 for a missing or bad signature, 413 for a body
/// over the limit.
public enum WebhookRoute {
    /// The path Git hosts are given.
    public static let path = "/api/webhook"

    /// Adds `POST /api/webhook`, verifying calls with `secrets`, taking bodies up to `bodyLimit`
    /// bytes, and calling `onPush` with each verified push before answering. `onPush` should
    /// only queue the refresh and return: Git hosts give up on a webhook after about 10 s.
    public static func add<Context: RequestContext>(
        to router: Router<Context>, secrets: WebhookSecrets, bodyLimit: Int = WebhookParser.defaultBodyLimit,
        onPush: @escaping @Sendable (WebhookPush) async -> Void
    ) {
        let parser = WebhookParser(secrets: secrets, bodyLimit: bodyLimit)
        router.post(RouterPath(path)) { request, context -> Response in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: bodyLimit)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                return reply(WebhookError.payloadTooLarge(limit: bodyLimit), context: context)
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let bytes = Array(buffer: body)
            let event: WebhookEvent
            do throws(WebhookError) {
                event = try parser.parse(headers: headers, body: bytes)
            } catch {
                return reply(error, context: context)
            }
            switch event {
            case .ignored(let provider, let name):
                return json(.ok, "ignored \(provider) event \"\(name)\": only pushes trigger a refresh")
            case .push(let push):
                context.logger.info(
                    "webhook push",
                    metadata: [
                        "provider": "\(push.provider)", "repository": "\(push.repositoryURLs.first ?? "")",
                        "refs": "\(push.refs.joined(separator: ","))", "revision": "\(push.revision ?? "")",
                    ])
                await onPush(push)
                let refs = push.refs.isEmpty ? "" : " (\(push.refs.joined(separator: ", ")))"
                return json(.ok, "push to \(push.repositoryURLs.first ?? "")\(refs): refreshing matching repositories")
            }
        }
    }

    private static func reply(_ error: WebhookError, context: some RequestContext) -> Response {
        let message = error.localizedDescription
        context.logger.notice("webhook refused", metadata: ["status": "\(error.httpStatus)", "reason": "\(message)"])
        return json(HTTPResponse.Status(code: error.httpStatus), message)
    }

    /// A response with body `{"message": message}`.
    static func json(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let data = (try? JSONEncoder().encode(["message": message])) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(data))))
    }
}
