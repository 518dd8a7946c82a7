import CCurl
import Foundation
import KubeClient

/// One HTTP exchange on a curl easy handle: its options, and what comes back.
///
/// Created on a Swift task, then owned by the engine thread until it finishes; the
/// callbacks below run on that thread only.
final class Transfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private(set) var headers: [(name: String, value: String)] = []
    private(set) var body: [UInt8] = []
    /// For watches: receives the body as it arrives (after a 2xx status) instead of keeping it.
    private let onChunk: (@Sendable ([UInt8]) -> Void)?
    private var streaming: Bool?
    private var completion: (@Sendable (Transfer, CURLcode) -> Void)?

    /// A transfer of `request` to `endpoint`, presenting `credential`.
    init(
        _ request: KubeRequest, to endpoint: ClusterEndpoint, credential: AppliedCredential,
        onChunk: (@Sendable ([UInt8]) -> Void)? = nil, completion: @escaping @Sendable (Transfer, CURLcode) -> Void
    ) throws(KubeError) {
        guard let easy = curl_easy_init() else {
            throw KubeError(.configuration, cluster: endpoint.name, message: "libcurl could not make a handle")
        }
        self.easy = easy
        self.onChunk = onChunk
        self.completion = completion
        errorBuffer.initialize(to: 0)
        try configure(request, endpoint, credential)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectTo)
        errorBuffer.deallocate()
    }

    /// The HTTP status, once headers have arrived.
    var status: Int {
        var code = 0
        _ = flotilla_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// curl's own words about a failure (never holds credentials).
    var errorText: String { String(cString: errorBuffer) }

    /// Whether `finish` has run (engine thread only).
    var isFinished: Bool { completion == nil }

    /// Called once, on the engine thread, when curl is done with the transfer.
    func finish(_ code: CURLcode) {
        let done = completion
        completion = nil
        done?(self, code)
    }

    private func configure(
        _ request: KubeRequest, _ endpoint: ClusterEndpoint, _ credential: AppliedCredential
    ) throws(KubeError) {
        var url = request.url(on: endpoint.server)
        if let serverName = endpoint.tlsServerName, let parts = URLComponents(string: endpoint.server),
            let host = parts.host
        {
            // Verify the certificate against `serverName` while connecting to the real host.
            let port = parts.port ?? 443
            url = request.url(on: endpoint.server.replacingOccurrences(of: "//\(host)", with: "//\(serverName)"))
            appendList(&connectTo, "\(serverName):\(port):\(host):\(port)")
            try set(CURLOPT_CONNECT_TO, connectTo, endpoint)
        }
        try set(CURLOPT_URL, url, endpoint)
        try set(CURLOPT_CUSTOMREQUEST, request.method, endpoint)
        try set(CURLOPT_NOSIGNAL, 1, endpoint)
        try set(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer), endpoint)
        try set(CURLOPT_ACCEPT_ENCODING, "", endpoint)  // gzip and friends, whatever curl supports
        try set(CURLOPT_TCP_KEEPALIVE, 1, endpoint)
        // Wait for a connection being set up to say whether it multiplexes (HTTP/2, as API
        // servers speak) rather than open one per request that starts meanwhile.
        try set(CURLOPT_PIPEWAIT, 1, endpoint)
        try set(CURLOPT_CONNECTTIMEOUT_MS, endpoint.connectTimeout.milliseconds, endpoint)
        if !request.isWatch { try set(CURLOPT_TIMEOUT_MS, endpoint.requestTimeout.milliseconds, endpoint) }
        if let body = request.body {
            try set(CURLOPT_POSTFIELDSIZE, body.count, endpoint)
            let code = body.withUnsafeBytes { bytes in
                flotilla_easy_setopt_pointer(
                    easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
            try check(code, CURLOPT_COPYPOSTFIELDS, endpoint)
        } else if request.method == "GET" {
            try set(CURLOPT_HTTPGET, 1, endpoint)
        }
        try configureTLS(endpoint, credential)
        if let proxy = endpoint.proxyURL, !proxy.isEmpty { try set(CURLOPT_PROXY, proxy, endpoint) }
        var lines = request.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        if !request.headers.keys.contains(where: { $0.lowercased() == "user-agent" }) {
            lines.append("User-Agent: flotilla/1.0")
        }
        if request.body == nil { lines.append("Content-Type:") }  // no default form type on body-less requests
        lines.append("Expect:")  // no 100-continue round trip before bodies
        if case .bearer(let token) = credential, !token.isEmpty { lines.append("Authorization: Bearer \(token)") }
        for line in lines { appendList(&headerList, line) }
        try set(CURLOPT_HTTPHEADER, headerList, endpoint)
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(flotilla_easy_setopt_write(easy, CURLOPT_WRITEFUNCTION, writeBody), CURLOPT_WRITEFUNCTION, endpoint)
        try set(CURLOPT_WRITEDATA, context, endpoint)
        try check(
            flotilla_easy_setopt_write(easy, CURLOPT_HEADERFUNCTION, readHeader), CURLOPT_HEADERFUNCTION, endpoint)
        try set(CURLOPT_HEADERDATA, context, endpoint)
    }

    private var connectTo: UnsafeMutablePointer<curl_slist>?

    private func configureTLS(_ endpoint: ClusterEndpoint, _ credential: AppliedCredential) throws(KubeError) {
        if endpoint.insecureSkipTLSVerify {
            try set(CURLOPT_SSL_VERIFYPEER, 0, endpoint)
            try set(CURLOPT_SSL_VERIFYHOST, 0, endpoint)
        } else if let authority = endpoint.certificateAuthority {
            // The kubeconfig's CA is the only trust anchor, as with kubectl: without these two
            // curl would also trust (and parse, on every connection) the system bundle.
            try set(CURLOPT_CAINFO, UnsafeMutableRawPointer?.none, endpoint)
            try set(CURLOPT_CAPATH, UnsafeMutableRawPointer?.none, endpoint)
            try setBlob(CURLOPT_CAINFO_BLOB, authority, endpoint)
        }
        if case .certificate(let certificate, let key) = credential {
            try set(CURLOPT_SSLCERTTYPE, "PEM", endpoint)
            try setBlob(CURLOPT_SSLCERT_BLOB, certificate, endpoint)
            try set(CURLOPT_SSLKEYTYPE, "PEM", endpoint)
            try setBlob(CURLOPT_SSLKEY_BLOB, key, endpoint)
        }
    }

    // MARK: Receiving (engine thread)

    fileprivate func received(_ bytes: UnsafeRawBufferPointer) {
        if streaming == nil { streaming = onChunk != nil && (200..<300).contains(status) }
        if streaming == true {
            onChunk?(Array(bytes))
        } else {
            body.append(contentsOf: bytes)
        }
    }

    fileprivate func receivedHeader(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll()  // a new response (after 100 Continue or a redirect)
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers.append((name, value))
    }

    // MARK: Options

    private func set(_ option: CURLoption, _ value: Int, _ endpoint: ClusterEndpoint) throws(KubeError) {
        try check(flotilla_easy_setopt_long(easy, option, value), option, endpoint)
    }

    private func set(_ option: CURLoption, _ value: String, _ endpoint: ClusterEndpoint) throws(KubeError) {
        // curl copies string options, so the C string may go away after the call.
        try check(value.withCString { flotilla_easy_setopt_string(easy, option, $0) }, option, endpoint)
    }

    private func set(
        _ option: CURLoption, _ value: UnsafeMutableRawPointer?, _ endpoint: ClusterEndpoint
    )
        throws(KubeError)
    {
        try check(flotilla_easy_setopt_pointer(easy, option, value), option, endpoint)
    }

    private func set(
        _ option: CURLoption, _ list: UnsafeMutablePointer<curl_slist>?, _ endpoint: ClusterEndpoint
    ) throws(KubeError) {
        try check(flotilla_easy_setopt_slist(easy, option, list), option, endpoint)
    }

    private func setBlob(_ option: CURLoption, _ data: Data, _ endpoint: ClusterEndpoint) throws(KubeError) {
        var bytes = [UInt8](data)
        let code = bytes.withUnsafeMutableBytes { flotilla_easy_setopt_blob(easy, option, $0.baseAddress, $0.count) }
        try check(code, option, endpoint)
    }

    private func appendList(_ list: inout UnsafeMutablePointer<curl_slist>?, _ line: String) {
        list = curl_slist_append(list, line)
    }

    private func check(_ code: CURLcode, _ option: CURLoption, _ endpoint: ClusterEndpoint) throws(KubeError) {
        guard code != CURLE_OK else { return }
        throw KubeError(
            .configuration, cluster: endpoint.name,
            message: "libcurl refused option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))")
    }
}

/// What a request presents: nothing, a bearer token, or a client certificate and key (PEM).
enum AppliedCredential: Sendable {
    case none
    case bearer(String)
    case certificate(Data, key: Data)
}

private let writeBody: flotilla_write_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let length = size * count
    Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue().received(
        UnsafeRawBufferPointer(start: data, count: length))
    return length
}

private let readHeader: flotilla_write_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let length = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue().receivedHeader(line)
    return length
}
