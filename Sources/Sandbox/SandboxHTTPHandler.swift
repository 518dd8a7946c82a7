import FleetModel
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import X509

/// Turns HTTP requests into API requests for the cluster, with the user taken from
/// the client certificate or the bearer token, and injected faults applied.
///
/// One handler serves an HTTP/1.1 connection, or one HTTP/2 stream behind
/// `HTTP2FramePayloadToHTTP1ServerCodec`; there `channel` is the stream and its
/// parent the connection.
final class SandboxHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let cluster: SandboxCluster
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// The client certificate's user, read once per connection after the handshake.
    private let certificateUser: UserInfo?
    /// Whether this handler answers an HTTP/2 stream: no connection-specific headers
    /// (`Connection`, `Transfer-Encoding`), and closing the connection means the parent channel.
    private let http2: Bool

    init(cluster: SandboxCluster, certificateUser: UserInfo?, http2: Bool) {
        self.cluster = cluster
        self.certificateUser = certificateUser
        self.http2 = http2
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            let request = (head, body, certificateUser)
            let channel = context.channel
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let cluster = self.cluster
            Task {
                let (head, body, certificateUser) = request
                if head.uri.hasPrefix(SandboxCluster.adminPrefix) {
                    let response: APIResponse
                    switch await Self.request(head, body, certificateUser, cluster) {
                    case .success(let apiRequest): response = await cluster.handleAdmin(apiRequest)
                    case .failure(let status): response = .error(status)
                    }
                    return Self.respond(response, to: head, channel, loopBound)
                }
                let faults = await cluster.requestStarted()
                await Self.serve(head, body, certificateUser, faults, cluster, channel, loopBound)
                await cluster.requestFinished()
            }
        }
    }

    /// Answers one API request under `faults`: held, delayed, dropped, failed or handled by the cluster.
    private static func serve(
        _ head: HTTPRequestHead, _ body: [UInt8], _ certificateUser: UserInfo?, _ faults: SandboxFaults,
        _ cluster: SandboxCluster, _ channel: any Channel,
        _ loopBound: NIOLoopBound<(SandboxHTTPHandler, ChannelHandlerContext)>
    ) async {
        func respond(_ response: APIResponse) { Self.respond(response, to: head, channel, loopBound) }
        if faults.hang { return }
        if faults.latencyMilliseconds > 0 {
            try? await Task.sleep(for: .milliseconds(faults.latencyMilliseconds))
        }
        if faults.down {
            // A stopped server drops whole connections, every HTTP/2 stream on them included.
            (channel.parent ?? channel).close(promise: nil)
            return
        }
        if Double.random(in: 0..<1) < faults.dropRate {
            // The connection breaks mid-answer: the head and half of the body, then nothing
            // (over HTTP/2, the stream is reset and its neighbours carry on).
            let response = APIResponse.error(
                APIStatus(code: 500, reason: "InternalError", message: "a dropped answer", details: nil))
            let bytes = response.body
            channel.eventLoop.execute {
                let (handler, context) = loopBound.value
                handler.writeTruncated(response, body: bytes, context: context)
            }
            return
        }
        if Double.random(in: 0..<1) < faults.errorRate {
            return respond(Self.injectedError(faults))
        }
        switch await Self.request(head, body, certificateUser, cluster) {
        case .failure(let status):
            respond(.error(status))
        case .success(let apiRequest) where apiRequest.isWatch:
            switch await cluster.startWatch(apiRequest) {
            case .success(let stream)?:
                await Self.stream(stream, dropAtOnce: faults.dropWatches, cluster, channel, loopBound)
            case .failure(let status)?:
                respond(.error(status))
            case nil:
                respond(await cluster.handle(apiRequest))
            }
        case .success(let apiRequest):
            respond(await cluster.handle(apiRequest))
        }
    }

    /// Encodes `response` where the caller runs, then writes it on the channel's event loop.
    private static func respond(
        _ response: APIResponse, to head: HTTPRequestHead, _ channel: any Channel,
        _ loopBound: NIOLoopBound<(SandboxHTTPHandler, ChannelHandlerContext)>
    ) {
        let bytes = response.body
        channel.eventLoop.execute {
            let (handler, context) = loopBound.value
            handler.write(response, body: bytes, keepAlive: handler.http2 || head.isKeepAlive, context: context)
        }
    }

    /// Writes a watch as a stream of JSON lines (chunked over HTTP/1.1, DATA frames over
    /// HTTP/2) until the client leaves, the timeout passes or the cluster ends it; a
    /// dropped watch closes the connection (the stream, over HTTP/2) without the last
    /// chunk, as a broken connection would.
    private static func stream(
        _ watch: WatchStream, dropAtOnce: Bool, _ cluster: SandboxCluster, _ channel: any Channel,
        _ loopBound: NIOLoopBound<(SandboxHTTPHandler, ChannelHandlerContext)>
    ) async {
        channel.closeFuture.whenComplete { _ in Task { await cluster.stopWatch(watch.id) } }
        channel.eventLoop.execute {
            let (handler, context) = loopBound.value
            var headers = HTTPHeaders([("Content-Type", "application/json")])
            if !handler.http2 { headers.add(name: "Transfer-Encoding", value: "chunked") }
            headers.add(name: "Cache-Control", value: "no-cache, private")
            context.write(
                handler.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))),
                promise: nil)
            // A watch cut at once gets its head and nothing more.
            if !dropAtOnce { for line in watch.initial { handler.writeChunk(line, context: context) } }
            context.flush()
        }
        var dropped = dropAtOnce
        if !dropped {
            for await output in watch.lines {
                guard case .line(let line) = output else {
                    dropped = true
                    break
                }
                channel.eventLoop.execute {
                    let (handler, context) = loopBound.value
                    handler.writeChunk(line, context: context)
                    context.flush()
                }
            }
        }
        await cluster.stopWatch(watch.id)
        if dropped {
            channel.eventLoop.execute {
                loopBound.value.1.flush()
                channel.close(promise: nil)
            }
            return
        }
        channel.eventLoop.execute {
            let (handler, context) = loopBound.value
            context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    private func writeChunk(_ line: String, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: line.utf8.count)
        buffer.writeString(line)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
    }

    /// The API request, with the user from the client certificate or, when sent, the bearer token (401 if unknown).
    private static func request(
        _ head: HTTPRequestHead, _ body: [UInt8], _ certificateUser: UserInfo?, _ cluster: SandboxCluster
    )
        async -> Result<APIRequest, APIStatus>
    {
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name.lowercased()] = value }
        var user = certificateUser
        if let authorization = headers["authorization"], authorization.hasPrefix("Bearer ") {
            guard let tokenUser = await cluster.user(forToken: String(authorization.dropFirst("Bearer ".count))) else {
                return .failure(APIStatus.unauthorized)
            }
            user = tokenUser
        }
        return .success(
            APIRequest(method: head.method.rawValue, uri: head.uri, headers: headers, body: body, user: user))
    }

    private static func injectedError(_ faults: SandboxFaults) -> APIResponse {
        let (reason, message): (String, String) =
            switch faults.errorStatus {
            case 403: ("Forbidden", "forbidden: injected fault")
            case 429: ("TooManyRequests", "Too many requests, please try again later.")
            case 503: ("ServiceUnavailable", "injected fault")
            default: ("InternalError", "injected fault")
            }
        var response = APIResponse.error(
            APIStatus(code: faults.errorStatus, reason: reason, message: message, details: nil))
        if faults.errorStatus == 429 { response.headers.append(("Retry-After", String(faults.retryAfterSeconds))) }
        return response
    }

    /// Writes `response`'s head announcing all of `body`, half of the body, and closes.
    private func writeTruncated(_ response: APIResponse, body: [UInt8], context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        headers.add(name: "Content-Length", value: String(body.count))
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.count / 2)
        buffer.writeBytes(body.prefix(body.count / 2))
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer)))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    /// Writes `response` with its already encoded `body` (encoded before hopping onto the event loop).
    private func write(_ response: APIResponse, body: [UInt8], keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Cache-Control", value: "no-cache, private")
        let responseHead = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let channel = context.channel
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.whenComplete { _ in channel.close(promise: nil) } }
    }

    /// CN = user, O = groups, from a client certificate the TLS layer of `connection`
    /// verified against the cluster's CA. Called on the connection's event loop.
    static func certificateUser(_ connection: any Channel) -> UserInfo? {
        guard let handler = try? connection.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
            let peer = handler.peerCertificate, let bytes = try? peer.toDERBytes(),
            let certificate = try? Certificate(derEncoded: bytes)
        else { return nil }
        var name: String?
        var groups: [String] = []
        for relativeName in certificate.subject {
            for attribute in relativeName {
                if attribute.type == .RDNAttributeType.commonName { name = String(attribute.value) }
                if attribute.type == .RDNAttributeType.organizationName, let group = String(attribute.value) {
                    groups.append(group)
                }
            }
        }
        return name.map { UserInfo(name: $0, groups: groups) }
    }
}
